//! The agent's error codes with their HTTP status, English template (the agent's `en.json`) and
//! Chinese template (its `zh.json`), so the simulator answers with them and the console can say
//! the same thing before sending, in either language; and how an agent before 4.3.1, which had
//! numeric codes only, reported the same refusal.

use crate::obshell::lang::Lang;
use crate::obshell::version::AgentVersion;

/// One error code of the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorSpec {
    pub code: &'static str,
    /// HTTP status fixed by the code's kind (bad request / illegal argument 400, unauthorized 401,
    /// not found 404, unexpected / known 500).
    pub status: u16,
    /// Go format template of the message as sent when it is not localised (no usable
    /// `Accept-Language`, or an agent before 4.3.1); `%s`, `%d` and `%v` are filled in order.
    pub template: &'static str,
    /// The same message localised to English (`en.json`): the same as `template` except where
    /// the agent sends the raw error unless asked for a language (`MySQL.Error`).
    pub en: &'static str,
    /// The agent's i18n key (`errors/errorcode.go`); for the authentication failures sent as
    /// `Unauthorized: …`, the key of the inner message (the outer one is `err.common.unauthorized`).
    pub key: &'static str,
    /// The message localised to Chinese (`zh.json`), wrappers included, as the agent sends it
    /// when `Accept-Language` is a Chinese tag; same verbs in the same order as `en`.
    pub zh: &'static str,
}

impl ErrorSpec {
    /// The message with `args` filled in, as sent without a usable `Accept-Language`.
    pub fn render(&self, args: &[String]) -> String {
        self.fill(self.template, args)
    }

    /// The message as the agent sends it localised to `lang` (4.3.1 and later).
    pub fn render_in(&self, lang: Lang, args: &[String]) -> String {
        self.fill(self.template_in(lang), args)
    }

    /// A key neither language file has text for: the agent's lookup fails and it sends the key
    /// as it is, arguments left out (`errors/errormsg.go`, `GetMessage`).
    pub fn untranslated(&self) -> bool {
        self.template == self.key
    }

    fn fill(&self, template: &str, args: &[String]) -> String {
        if self.untranslated() {
            return self.key.to_owned();
        }
        render_template(template, args)
    }

    /// The localised template for `lang`.
    pub fn template_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The message as the agent of `version` sends it localised to `lang`: 4.3.1 had other
    /// Chinese words for a few codes (`zh.json` was reworded for 4.3.2, "optz zh-cn message").
    pub fn render_in_version(&self, lang: Lang, version: AgentVersion, args: &[String]) -> String {
        let old = (lang == Lang::Zh && version < AgentVersion::new(4, 3, 2, 0))
            .then(|| self.zh_4_3_1())
            .flatten();
        self.fill(old.unwrap_or(self.template_in(lang)), args)
    }

    /// The Chinese template of 4.3.1 where it differs from today's.
    fn zh_4_3_1(&self) -> Option<&'static str> {
        Some(match self.key {
            "err.mysql.error" => "MySQL 错误：%s",
            "err.ob.cluster.scale.out.higher.version" => {
                "不允许将更高版本的 agent %s(%s) 扩容到集群 agent %s(%s)"
            }
            // Its verbs were in another order than the arguments (unit number, server number,
            // zone): Go prints the mismatched ones as `%!s(int=2)` and `%!d(string=zone1)`.
            "err.ob.tenant.unit.num.exceeds.limit" => {
                "租户 unit 数量 '%d' 超过 zone '%!s(int=%d)' 中的 observer 数量 '%!d(string=%s)'"
            }
            _ => return None,
        })
    }
}

/// Fills Go verbs (`%s`, `%d`, `%v`) in order; `%%` is a literal percent sign. Like Go's
/// `fmt.Sprintf`, a missing argument reads `%!v(MISSING)` and arguments left over are appended
/// as `%!(EXTRA string=…, string=…)` (one of the agent's Chinese templates has fewer verbs than
/// its arguments).
pub fn render_template(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => match args.next() {
                Some(a) => out.push_str(a),
                None => out.push_str("%!v(MISSING)"),
            },
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    let extra: Vec<String> = args.map(|a| format!("string={a}")).collect();
    if !extra.is_empty() {
        out.push_str("%!(EXTRA ");
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

macro_rules! specs {
    ($($name:ident = $code:literal, $status:literal, $template:literal $(/ $en:literal)?,
        $key:literal, $zh:literal;)*) => {
        $(pub const $name: ErrorSpec = ErrorSpec {
            code: $code,
            status: $status,
            template: $template,
            en: specs!(@en $($en)? ; $template),
            key: $key,
            zh: $zh,
        };)*
        const ALL: &[ErrorSpec] = &[$($name),*];
    };
    (@en $en:literal ; $template:literal) => { $en };
    (@en ; $template:literal) => { $template };
}

specs! {
    // Raised by the agent's middleware, before any handler.
    HEADER_NOT_FOUND = "Request.Header.NotFound", 400, "X-OCS-Agent-Header or X-OCS-Header not found in http request header",
        "err.request.header.not.found", "HTTP 请求头中未找到 X-OCS-Agent-Header 或 X-OCS-Header";
    HEADER_DECRYPT_FAILED = "Security.Authentication.Header.DecryptFailed", 401, "Decrypt http header failed: %s",
        "err.security.authentication.header.decrypt.failed", "解密 HTTP 请求头失败：%s";
    URI_MISMATCH = "Security.Authentication.Header.UriMismatch", 401, "URI mismatch",
        "err.security.authentication.header.uri.mismatch", "URI 不匹配";
    INCORRECT_OB_PASSWORD = "Security.Authentication.IncorrectOceanbasePassword", 401, "Unauthorized: OceanBase password is incorrect",
        "err.security.authentication.incorrect.oceanbase.password", "认证失败: OceanBase root 密码不正确";
    INCORRECT_AGENT_PASSWORD = "Security.Authentication.IncorrectAgentPassword", 401, "Unauthorized: Agent password is incorrect",
        "err.security.authentication.incorrect.agent.password", "认证失败: agent 密码不正确";
    WITH_OB_PASSWORD = "Security.Authentication.WithOceanBasePassword", 401, "Unauthorized: Should use oceanbase_password to verify: agent password is not initialized",
        "err.security.authentication.with.oceanbase.password", "认证失败: 应该使用 oceanbase_password 进行验证：agent password is not initialized";
    AUTH_EXPIRED = "Security.Authentication.Expired", 401, "Unauthorized: Authentication expired",
        "err.security.authentication.expired", "认证失败: 认证信息已过期";
    AUTH_EXPIRED_SESSION = "Security.Authentication.Expired", 401, "Authentication expired",
        "err.security.authentication.expired", "认证信息已过期";
    TIMESTAMP_INVALID = "Security.Authentication.Timestamp.Invalid", 401, "Unauthorized: Invalid timestamp: %s, err: %s",
        "err.security.authentication.timestamp.invalid", "认证失败: 无效的时间戳：%s，错误：%s";
    SESSION_INVALID = "Security.Authentication.SessionInvalid", 401, "Session is invalid",
        "err.security.authentication.session.invalid", "会话无效";
    SESSION_EXPIRED = "Security.Authentication.SessionExpired", 401, "Session is expired",
        "err.security.authentication.session.expired", "会话已过期";
    BODY_KEY_AND_IV_INVALID = "Request.Body.Decrypt.AES.KeyAndIv.Invalid", 500, "Unauthorized: AES key and IV size error",
        "err.request.body.decrypt.aes.key.and.iv.invalid", "认证失败: AES 密钥和 IV 大小错误";
    BODY_CONTENT_LENGTH_INVALID = "Request.Body.Decrypt.AES.ContentLength.Invalid", 500, "Unauthorized: Decrypted string length is not a multiple of the block size",
        "err.request.body.decrypt.aes.content.length.invalid", "认证失败: 解密字符串长度不是块大小的倍数";
    // The same code unwrapped, as the login handler sends it (`secure.EncryptWithAesKeys`).
    AES_KEY_AND_IV_INVALID = "Request.Body.Decrypt.AES.KeyAndIv.Invalid", 500, "AES key and IV size error",
        "err.request.body.decrypt.aes.key.and.iv.invalid", "AES 密钥和 IV 大小错误";
    BIND_JSON_FAILED = "Common.BindJsonFailed", 400, "Bind JSON failed: %v",
        "err.common.bind.json.failed", "绑定 JSON 失败：%v";
    ILLEGAL_ARGUMENT_WITH_MESSAGE = "Common.IllegalArgument", 400, "The input parameter '%s' is illegal: %s",
        "err.common.illegal.argument.with.message", "传入的参数 '%s' 非法：%s";
    INVALID_PORT = "Common.InvalidPort", 400, "The port '%s' is invalid, must be in [1024, 65535]",
        "err.common.invalid.port", "端口 '%s' 无效，必须在 (1024, 65535] 范围内";
    UNEXPECTED = "Common.Unexpected", 500, "Unexpected error: %s",
        "err.common.unexpected", "非预期错误：%s";
    BAD_REQUEST = "Common.BadRequest", 400, "Bad request: %v",
        "err.common.bad.request", "错误的请求：%v";
    MYSQL_ERROR = "MySQL.Error", 400, "%v" / "MySQL error: %s",
        "err.mysql.error", "SQL 执行出错: %s";
    // OceanBase unreachable: the agent's `GetInstance` finds no observer process.
    OB_PROCESS_NOT_EXIST = "OB.Server.Process.NotExist", 500, "Observer process does not exist",
        "err.ob.server.process.not.exist", "observer 进程不存在";
    QUERY_PARAM_EMPTY = "Request.Query.Param.Empty", 400, "Query parameter '%s' is empty",
        "err.request.query.param.empty", "查询参数 '%s' 为空";
    QUERY_PARAM_ILLEGAL = "Request.Query.Param.Illegal", 400, "Query parameter '%s' is illegal",
        "err.request.query.param.illegal", "查询参数 '%s' 不合法";
    NOT_FOUND = "Common.NotFound", 404, "Element not found: %v",
        "err.common.not.found", "未找到资源：%v";
    AGENT_NOT_CLUSTER = "Agent.Identify.NotSupportOperation", 400, "'%s' is '%s', instead of '%s', does not support this operation",
        "err.agent.identify.not.support.operation", "'%s' 身份是 '%s'，而不是 '%s'，不支持此操作";
    AGENT_ALREADY_EXISTS = "Agent.AlreadyExists", 500, "Agent %s already exists in cluster",
        "err.agent.already.exists", "agent %s 已存在于集群中";
    AGENT_RPC_REQUEST_FAILED = "Agent.RPC.RequestFailed", 500, "Request [%s]%s to %s failed: %s",
        "err.agent.rpc.request.failed", "请求 [%s]%s 到 %s 失败：%s";
    AGENT_OB_VERSION_INCONSISTENT = "Agent.OB.Version.Inconsistent", 400, "OB version is not consistent between %s(%s) and %s(%s)",
        "err.agent.ob.version.inconsistent", "%s(%s) 和 %s(%s) 之间的 ob 版本不一致";
    SCALE_OUT_HIGHER_VERSION = "OB.Cluster.ScaleOutHigherVersion", 400, "Scaling out a higher version agent %s(%s) into cluster agent %s(%s) is not allowed",
        "err.ob.cluster.scale.out.higher.version", "不允许将更高版本的 agent(%s) 扩容到集群 agent(%s) 中";
    SCALE_OUT_LOWER_VERSION = "OB.Cluster.ScaleOutLowerVersion", 400, "Scaling out a lower version agent(%s before %s) into cluster agent(%s) is not allowed",
        "err.ob.cluster.scale.out.lower.version", "不允许将低版本的 agent(%s 早于 %s) 扩容到集群 agent(%s)";
    SERVER_DELETE_SELF = "OB.Server.DeleteSelf", 400, "Cannot delete the current server",
        "err.ob.server.delete.self", "节点无法删除自身，请通过其他节点发起请求";
    CLUSTER_UNDER_MAINTENANCE = "OB.Cluster.UnderMaintenance", 500, "OceanBase cluster is under maintenance, please try again later",
        "err.ob.cluster.under.maintenance", "集群处于运维状态中";
    CLUSTER_UNDER_MAINTENANCE_WITH_DAG = "OB.Cluster.UnderMaintenanceWithDag", 500, "OceanBase cluster is under maintenance by DAG: %s, please try again later",
        "err.ob.cluster.under.maintenance.with.dag", "集群处于运维状态中，运维任务：%s";
    // Stopping a zone (4.4.1.0+) that would leave tenants without a majority. `en.json` and
    // `zh.json` have no text for its key, so the agent sends the key itself, in every language.
    CLUSTER_TENANT_REPLICA_INVALID = "OB.Cluster.Tenant.Replica.Invalid", 400, "err.ob.cluster.tenant.replica.invalid",
        "err.ob.cluster.tenant.replica.invalid", "err.ob.cluster.tenant.replica.invalid";
    // `DELETE /api/v1/zone/:name` (4.2.6.0+).
    ZONE_NAME_EMPTY = "OB.Zone.Name.Empty", 400, "Zone name is empty",
        "err.ob.zone.name.empty", "zone 名称为空";
    ZONE_NOT_EMPTY = "OB.Zone.NotEmpty", 400, "The zone '%s' is not empty and cannot be deleted",
        "err.ob.zone.not.empty", "zone '%s' 不为空，无法删除";
    ZONE_DELETE_SELF = "OB.Zone.DeleteSelf", 400, "The current agent is in '%s', please initiate the request through another agent",
        "err.ob.zone.delete.self", "当前 agent 在 zone '%s' 中，请通过其他agent发起请求";
    SERVER_STOPPED_IN_MULTI_ZONE = "OB.Server.StoppedInMultiZone", 400, "Cannot stop server or stop zone in multiple zones",
        "err.ob.server.stopped.in.multi.zone", "不能在多个 zone 中停止 observer 或停止 zone";
    // An agent's own (local) maintenance: start, stop, scale-out of the target host, removal.
    AGENT_UNDER_MAINTENANCE = "Agent.UnderMaintenance", 500, "%s is under maintenance",
        "err.agent.under.maintenance", "%s 处于运维状态中";
    AGENT_UNDER_MAINTENANCE_DAG = "Agent.UnderMaintenanceDag", 500, "%s is under maintenance by DAG [%s:%s]",
        "err.agent.under.maintenance.dag", "%s 处于运维状态中，运维任务：[%s:%s]";
    TENANT_NOT_EXIST = "OB.Tenant.NotExist", 400, "Tenant '%s' does not exist.",
        "err.ob.tenant.not.exist", "租户 '%s' 不存在";
    TENANT_NAME_EMPTY = "OB.Tenant.Name.Empty", 400, "Tenant name is empty",
        "err.ob.tenant.name.empty", "租户名称为空";
    TENANT_STATUS_NOT_NORMAL = "OB.Tenant.StatusNotNormal", 400, "Tenant '%s' status is '%s'.",
        "err.ob.tenant.status.not.normal", "租户 '%s' 状态为 '%s'";
    TENANT_LOCKED = "OB.Tenant.Locked", 400, "Tenant %s is locked",
        "err.ob.tenant.locked", "租户 %s 已锁定";
    TENANT_NO_ACTIVE_SERVER = "OB.Tenant.NoActiveServer", 400, "Tenant '%s' has no active server.",
        "err.ob.tenant.no.active.server", "租户 '%s' 没有活跃 observer";
    TENANT_MODE_NOT_SUPPORTED = "OB.Tenant.Mode.NotSupported", 400, "Tenant mode '%s' is not supported.",
        "err.ob.tenant.mode.not.supported", "不支持的租户模式 '%s'";
    TENANT_PARAMETER_NOT_EXIST = "OB.Tenant.Parameter.NotExist", 400, "Tenant parameter '%s' does not exist.",
        "err.ob.tenant.parameter.not.exist", "租户参数 '%s' 不存在";
    TENANT_UNDER_MAINTENANCE = "OB.Tenant.UnderMaintenance", 500, "Tenant '%s' is under maintenance, please try again later.",
        "err.ob.tenant.under.maintenance", "租户 '%s' 处于运维状态中";
    ZONE_LIST_EMPTY = "OB.Tenant.ZoneList.Empty", 400, "Zone list is empty.",
        "err.ob.tenant.zone.list.empty", "zone 列表为空";
    ZONE_REPEATED = "OB.Tenant.Zone.Repeated", 400, "Zone '%s' is repeated.",
        "err.ob.tenant.zone.repeated", "zone '%s' 重复出现";
    UNIT_CONFIG_NAME_EMPTY = "OB.Resource.UnitConfig.Name.Empty", 400, "Unit config name is empty.",
        "err.ob.resource.unit.config.name.empty", "资源规格名称为空";
    UNIT_CONFIG_NOT_EXIST = "OB.Resource.UnitConfig.NotExist", 400, "Unit config '%s' does not exist.",
        "err.ob.resource.unit.config.not.exist", "资源规格 '%s' 不存在";
    UNIT_CONFIG_EXISTED = "OB.Resource.UnitConfig.Existed", 400, "Unit config '%s' already exists",
        "err.ob.resource.unit.config.existed", "资源规格 '%s' 已存在";
    POOL_GRANTED = "OB.Resource.Pool.Granted", 400, "Resource pool '%s' has already been granted to a tenant.",
        "err.ob.resource.pool.granted", "资源池 '%s' 已被分配给租户";
    REPLICA_TYPE_INVALID = "OB.Tenant.Replica.InvalidType", 400, "Replica type '%s' is not supported",
        "err.ob.tenant.replica.type.invalid", "不支持的副本类型 '%s'";
    UNIT_NUM_INVALID = "OB.Tenant.UnitNum.Invalid", 400, "Unit number '%d' is invalid: %s",
        "err.ob.tenant.unit.num.invalid", "租户 unit 数量 '%d' 非法：%s";
    UNIT_NUM_INCONSISTENT = "OB.Tenant.UnitNum.Inconsistent", 400, "Unit number is inconsistent, should be the same in all zones.",
        "err.ob.tenant.unit.num.inconsistent", "租户 unit 数量不一致，所有 zone 中应该相同";
    UNIT_NUM_EXCEEDS_LIMIT = "OB.Tenant.UnitNum.ExceedsLimit", 400, "Unit number '%d' is bigger than server number '%d' in zone '%s'.",
        "err.ob.tenant.unit.num.exceeds.limit", "租户 unit 数量 '%d' 超过 observer 数量 '%d'(在 zone '%s' 中)";
    ZONE_NOT_EXIST = "OB.Zone.NotExist", 400, "Zone '%s' does not exist",
        "err.ob.zone.not.exist", "zone '%s' 不存在";
    ZONE_ALREADY_HAS_REPLICA = "OB.Tenant.ZoneAlreadyHasReplica", 400, "Zone '%s' already has a replica.",
        "err.ob.tenant.zone.already.has.replica", "zone '%s' 已有副本";
    ZONE_WITHOUT_REPLICA = "OB.Tenant.ZoneWithoutReplica", 400, "Zone '%s' does not have a replica.",
        "err.ob.tenant.zone.without.replica", "zone '%s' 没有副本";
    HAS_POOL_ON_ZONE = "OB.Tenant.HasPoolOnZone", 400, "Tenant already has a pool located in zone '%s'.",
        "err.ob.tenant.has.pool.on.zone", "租户已在 zone '%s' 中有资源池";
    ONLY_ONE_REPLICA = "OB.Tenant.OnlyOneReplica", 400, "Tenant '%s' only has one replica",
        "err.ob.tenant.only.one.replica", "租户 '%s' 只存在一个副本";
    LOCALITY_PRINCIPAL_NOT_ALLOWED = "OB.Tenant.Locality.PrincipalNotAllowed", 400, "Violate locality principal not allowed.",
        "err.ob.tenant.locality.principal.not.allowed", "locality 变更非法";
    REBALANCE_DISABLED = "OB.Tenant.RebalanceDisabled", 400, "%s is not allowed when tenant 'enable_rebalance' is disabled.",
        "err.ob.tenant.rebalance.disabled", "当租户 'enable_rebalance' 禁用时，不允许 %s";
    PRIMARY_ZONE_CROSS_REGION = "OB.Tenant.PrimaryZone.CrossRegion", 400, "Primary zone '%s' crosses regions, please check tenant's primary zone.",
        "err.ob.tenant.primary.zone.cross.region", "Primary zone '%s' 跨 region";
    PRIMARY_REGION_FULL_NOT_ENOUGH = "OB.Tenant.PrimaryRegion.FullReplica.NotEnough", 400, "The region %v where the first priority of tenant zone is located needs to have at least 2 F replicas. In fact, there are only %d full replicas.",
        "err.ob.tenant.primary.region.full.replica.not.enough", "租户 zone 第一优先级所在的region %v 需要至少 2 个 FULL 副本。实际上只有 %d 个";
    // `PUT /api/v1/tenant/:name/primary-zone`: the second argument is the reason, which ends
    // with its own full stop ("Zone 'z9' is not in zone_list."), so the English text ends in two.
    PRIMARY_ZONE_INVALID = "OB.Tenant.PrimaryZone.Invalid", 400, "Primary zone '%s' is invalid: %s.",
        "err.ob.tenant.primary.zone.invalid", "Primary zone '%s' 非法：%s";
    // A tenant's locality with a part that has no `@` (`service/tenant/tenant.go`).
    LOCALITY_FORMAT_UNEXPECTED = "OB.Tenant.Locality.Format.Unexpected", 500, "Unexpected locality format: %s.",
        "err.ob.tenant.locality.format.unexpected", "非预期的 locality 格式：%s";
    // The "Alter tenant locality" step of a replica delete, when no replica would be left.
    TENANT_REPLICA_DELETE_ALL = "OB.Tenant.Replica.DeleteAll", 400, "Cannot delete all replicas",
        "err.ob.tenant.replica.delete.all", "不能删除所有副本";
    // Creating or restoring a tenant without a FULL replica. The agent passes its reason as the
    // tenant's name: "Tenant 'At least one zone should have full replica.' has no paxos …".
    TENANT_NO_PAXOS_REPLICA = "OB.Tenant.NoPaxosReplica", 400, "Tenant '%s' has no paxos replica, please check tenant's replica info.",
        "err.ob.tenant.no.paxos.replica", "租户 '%s' 没有 paxos 副本，请检查租户的副本信息";
    // A locality or primary-zone step that finds another job of the same kind in progress.
    TENANT_JOB_CONFLICT = "OB.Tenant.Job.Conflict", 500, "There is already an in-progress '%s' job.",
        "err.ob.tenant.job.conflict", "已存在正在进行的 '%s' 任务";
    RESOURCE_NOT_ENOUGH = "OB.Tenant.ResourceNotEnough", 400, "Server %s %s resource not enough.",
        "err.ob.tenant.resource.not.enough", "observer %s %s 资源不足";
    MODIFY_UNIT_NUM_PARTIALLY = "OB.Tenant.ModifyUnitNumPartially", 500, "Cannot modify unit number partially.",
        "err.ob.tenant.modify.unit.num.partially", "不能部分修改租户的 unit 数量";
    TASK_CREATE_FAILED = "Task.CreateFailed", 500, "Create task '%s' failed",
        "err.task.create.failed", "创建任务 '%s' 失败";
    TASK_GENERIC_ID_INVALID = "Task.GenericID.Invalid", 400, "Invalid ID: %s",
        "err.task.generic.id.invalid", "无效的任务通用 ID：%s";
    TASK_NOT_FOUND = "Task.NotFound", 404, "Task not found: %v",
        "err.task.not.found.with.reason", "未找到任务：%v";
    // `WrapRetain(ErrTaskNotFound, err)`: the outer part of "Task not found: <inner>".
    TASK_NOT_FOUND_WRAPPER = "Task.NotFound", 404, "Task not found",
        "err.task.not.found", "未找到任务";
    TASK_EXPIRED = "Task.Expired", 500, "%s has already executed task %s. '%s: %s' cannot be executed. Please submit a new request",
        "err.task.expired", "%s 已经执行了任务 %s。'%s: %s' 不能执行。请提交新的请求";
    // Waits inside the observer start and stop flows: a health check that never passes, and
    // `POST /ob/stop` passing or cancelling a DAG named in `forcePassDag` (not the task API).
    TASK_DAG_EXECUTE_TIMEOUT = "Task.Dag.ExecuteTimeout", 500, "%s timeout",
        "err.task.dag.execute.timeout", "任务 %s 执行超时";
    TASK_DAG_CANCEL_TIMEOUT = "Task.Dag.CancelTimeout", 500, "Cancel %d timeout after %d seconds",
        "err.task.dag.cancel.timeout", "取消任务 %d 在 %d 秒后超时";
    TASK_DAG_PASS_TIMEOUT = "Task.Dag.PassTimeout", 500, "Pass %d timeout after %d seconds",
        "err.task.dag.pass.timeout", "跳过任务 %d 在 %d 秒后超时";
    DAG_OPERATOR_NOT_SUPPORT = "Task.Dag.Operator.NotSupport", 400, "Operator %s is not supported",
        "err.task.dag.operator.not.support", "不支持的任务操作 '%s'";
    DAG_ROLLBACK_NOT_FAILED = "Task.Dag.Operator.RollbackNotFailedDag", 400, "Failed to set DAG rollback: DAG state is not failed",
        "err.task.dag.operator.rollback.not.failed.dag", "设置 DAG 回滚失败：DAG 未失败";
    DAG_ROLLBACK_NOT_ALLOWED = "Task.Dag.Operator.RollbackNotAllowed", 400, "Failed to set DAG rollback: node %s cannot rollback",
        "err.task.dag.operator.rollback.not.allowed", "设置 DAG 回滚失败：节点 %s 不能回滚";
    DAG_RETRY_NOT_FAILED = "Task.Dag.Operator.RetryNotFailedDag", 400, "Failed to set DAG retry: DAG state is not failed",
        "err.task.dag.operator.retry.not.failed.dag", "重试 DAG 失败：DAG 未失败";
    DAG_RETRY_NOT_ALLOWED = "Task.Dag.Operator.RetryNotAllowed", 400, "Failed to set DAG retry: node %s cannot retry",
        "err.task.dag.operator.retry.not.allowed", "重试 DAG 失败：节点 %s 不能重试";
    DAG_CANCEL_FINISHED = "Task.Dag.Operator.CancelFinishedDag", 400, "Failed to cancel DAG: DAG is finished",
        "err.task.dag.operator.cancel.finished.dag", "取消 DAG 失败：DAG 已执行完成";
    DAG_CANCEL_NOT_ALLOWED = "Task.Dag.Operator.CancelNotAllowed", 400, "Failed to cancel DAG: node %s cannot cancel",
        "err.task.dag.operator.cancel.not.allowed", "取消 DAG 失败：节点 %s 不能取消";
    DAG_PASS_NOT_FAILED = "Task.Dag.Operator.PassNotFailedDag", 400, "Failed to pass DAG: DAG is not failed",
        "err.task.dag.operator.pass.not.failed.dag", "跳过 DAG 失败：DAG 未失败";
    DAG_PASS_NOT_ALLOWED = "Task.Dag.Operator.PassNotAllowed", 400, "Failed to pass DAG: node %s cannot pass",
        "err.task.dag.operator.pass.not.allowed", "跳过 DAG 失败：节点 %s 不能跳过";
    NODE_OPERATOR_NOT_SUPPORT = "Task.Node.Operator.NotSupport", 400, "Operator %s is not supported",
        "err.task.node.operator.not.support", "不支持的任务操作 '%s'";
    NODE_PASS_NOT_FAILED_DAG = "Task.Node.Operator.PassNotFailedDag", 400, "Failed to pass node: assigned DAG is not failed",
        "err.task.node.operator.pass.not.failed.dag", "跳过节点失败：指定的 DAG 未失败";
    NODE_PASS_NOT_FAILED_NODE = "Task.Node.Operator.PassNotFailedNode", 400, "Failed to pass node: node %s is not failed",
        "err.task.node.operator.pass.not.failed.node", "跳过节点失败：节点 %s 未失败";
    NODE_PASS_NOT_ALLOWED = "Task.Node.Operator.PassNotAllowed", 400, "Failed to pass node: node %s cannot pass",
        "err.task.node.operator.pass.not.allowed", "跳过节点失败：节点 %s 不能跳过";
}

/// What the agent's envelope writer says, as `Common.Unexpected` (500), when a handler sent no
/// answer: `GET /task/dags/ob` and `/task/dag/ob/unfinish` on an agent that is not a cluster
/// agent build their refusal and never send it (docs/protocol/obshell.md §3.4).
pub const NO_RESPONSE_BODY: &str = "ocsagent cannot build response body";

/// The numeric code of the agent's authentication failures (`ErrUnauthorized`), which 4.3.1 and
/// later still send beside the dotted code of most of them.
pub const CODE_UNAUTHORIZED: i64 = 10008;
/// The numeric code 4.4.2 and later send with `HEADER_DECRYPT_FAILED`.
pub const CODE_HEADER_DECRYPT: i64 = 1;

/// How an agent before 4.3.1 reported an error: `{"code": N, "message": "<prefix>: <text>"}`,
/// with one of a handful of numeric codes (`errors/errorcode.go` of those versions) and no
/// `errCode`. Most refusals were the generic "illegal argument" or "unexpected" code around the
/// rule's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyCode {
    pub code: i64,
    /// The legacy template's prefix (`"Illegal argument: %v"` and so on, without `%v`).
    pub prefix: &'static str,
}

impl LegacyCode {
    pub const BAD_REQUEST: Self = Self {
        code: 1000,
        prefix: "Bad request: ",
    };
    pub const ILLEGAL_ARGUMENT: Self = Self {
        code: 1001,
        prefix: "Illegal argument: ",
    };
    pub const UNEXPECTED: Self = Self {
        code: 1002,
        prefix: "Unexpected error: ",
    };
    pub const NOT_FOUND: Self = Self {
        code: 1003,
        prefix: "Element not found: ",
    };
    pub const KNOWN: Self = Self {
        code: 1010,
        prefix: "Known error: ",
    };
    pub const UNAUTHORIZED: Self = Self {
        code: CODE_UNAUTHORIZED,
        prefix: "Verification failed: ",
    };
    pub const TASK_NOT_FOUND: Self = Self {
        code: 2300,
        prefix: "Task not found: ",
    };
    pub const TASK_CREATE_FAILED: Self = Self {
        code: 2301,
        prefix: "Create task failed: ",
    };
}

impl LegacyCode {
    /// The HTTP status of the old code's kind (`errors/errorcode.go` of 4.3.0).
    pub const fn status(&self) -> u16 {
        match self.code {
            1000 | 1001 => 400,
            1003 | 2300 => 404,
            CODE_UNAUTHORIZED => 401,
            _ => 500,
        }
    }
}

impl ErrorSpec {
    /// An authentication failure: raised by the agent's verification middleware (the header,
    /// the body's decryption, the credential), as opposed to a handler's `Request.Query.*`.
    pub fn is_authentication(&self) -> bool {
        let code = self.code;
        code.starts_with("Security.")
            || code.starts_with("Request.Header.")
            || code.starts_with("Request.Body.")
    }

    /// The numeric code an agent before 4.3.1 used for this refusal.
    pub fn legacy(&self) -> LegacyCode {
        let code = self.code;
        if self.is_authentication() {
            LegacyCode::UNAUTHORIZED
        } else if code == TASK_NOT_FOUND.code {
            LegacyCode::TASK_NOT_FOUND
        } else if code == TASK_CREATE_FAILED.code {
            LegacyCode::TASK_CREATE_FAILED
        } else if code == RESOURCE_NOT_ENOUGH.code
            || code == BAD_REQUEST.code
            || code == TENANT_NOT_EXIST.code
        {
            // `checkTenantExist` of 4.2.x/4.3.0: `ErrBadRequest`.
            LegacyCode::BAD_REQUEST
        } else if code == TENANT_STATUS_NOT_NORMAL.code || code == TENANT_LOCKED.code {
            // `checkTenantExistAndStatus`, `tenantHandlerWrapper` of 4.2.x/4.3.0: `ErrKnown`.
            LegacyCode::KNOWN
        } else if code == TENANT_NO_ACTIVE_SERVER.code {
            // `ForwardToActiveAgentWrapper` of 4.3.0 wraps a plain error in `ErrUnexpected`.
            LegacyCode::UNEXPECTED
        } else if code == ZONE_NOT_EMPTY.code || code == ZONE_DELETE_SELF.code {
            // `executor/ob/delete_zone.go` of 4.2.6.0/4.3.0.0: `ErrBadRequest`.
            LegacyCode::BAD_REQUEST
        } else if code == UNEXPECTED.code
            || code == AGENT_RPC_REQUEST_FAILED.code
            || code == OB_PROCESS_NOT_EXIST.code
            || code == MYSQL_ERROR.code
            || code == LOCALITY_FORMAT_UNEXPECTED.code
            || code == TASK_DAG_EXECUTE_TIMEOUT.code
            || code == TASK_DAG_CANCEL_TIMEOUT.code
            || code == TASK_DAG_PASS_TIMEOUT.code
        {
            LegacyCode::UNEXPECTED
        } else {
            match self.status {
                400 => LegacyCode::ILLEGAL_ARGUMENT,
                404 => LegacyCode::NOT_FOUND,
                _ => LegacyCode::KNOWN,
            }
        }
    }

    /// The old agents' own wording where it differs from today's template and is known from
    /// their source (4.2.5.0 / 4.3.0.0 `executor/tenant`, `repository/db/oceanbase`); `None`
    /// where today's text is used under the legacy prefix.
    pub fn legacy_template(&self) -> Option<&'static str> {
        Some(match self.code {
            c if c == TENANT_NOT_EXIST.code => "Tenant '%s' is not exist.",
            c if c == OB_PROCESS_NOT_EXIST.code => "observer process not exist",
            c if c == ZONE_ALREADY_HAS_REPLICA.code => "Zone '%s' already has a replica",
            c if c == ONLY_ONE_REPLICA.code => "tenant %s only has one replica",
            c if c == LOCALITY_PRINCIPAL_NOT_ALLOWED.code => {
                "violate locality principal not allowed"
            }
            // `executor/zone/check.go` of 4.3.0.0 (the add-replica checks).
            c if c == ZONE_LIST_EMPTY.code => "zone_list is empty",
            c if c == ZONE_NOT_EXIST.code => "Zone '%s' is not exist.",
            c if c == UNIT_CONFIG_NOT_EXIST.code => "Unit config '%s' is not exist.",
            c if c == UNIT_CONFIG_NAME_EMPTY.code => "unit_config_name should not be empty.",
            c if c == UNIT_NUM_INVALID.code => "unit_num should be positive.",
            c if c == UNIT_NUM_INCONSISTENT.code => "unit_num should be same in all zones.",
            c if c == REPLICA_TYPE_INVALID.code => "ReplicaType should be 'FULL' or 'READONLY'",
            // `executor/ob/delete_zone.go` of 4.2.6.0/4.3.0.0. The self check passed the zone as
            // a second argument to a one-verb template, which Go appends as `%!(EXTRA …)`.
            c if c == ZONE_NOT_EMPTY.code => "The zone '%s' is not empty and can not be deleted",
            c if c == ZONE_DELETE_SELF.code => {
                "The current agent is in '%%s', please initiate the request through another agent.%%!(EXTRA string=%s)"
            }
            // `executor/tenant/scale_in_replicas.go`, `executor/ob/stop_obsvr.go` of 4.3.0.0.
            c if c == TENANT_REPLICA_DELETE_ALL.code => "Could not delete all replica",
            c if c == TASK_DAG_CANCEL_TIMEOUT.code => "cancel %d timeout after %d seconds",
            c if c == TASK_DAG_PASS_TIMEOUT.code => "pass %d timeout after %d seconds",
            _ => return None,
        })
    }

    /// The words an agent before 4.3.1 put after "Verification failed: " for an authentication
    /// failure (`secure/auth.go`, `api/common/middleware.go` of 4.3.0); `None` for other codes.
    pub fn legacy_auth_text(&self) -> Option<&'static str> {
        Some(match self.code {
            c if c == HEADER_NOT_FOUND.code => "header not found",
            c if c == HEADER_DECRYPT_FAILED.code => "header decrypt failed",
            c if c == URI_MISMATCH.code => "uri mismatch",
            c if c == INCORRECT_OB_PASSWORD.code => "access denied",
            c if c == INCORRECT_AGENT_PASSWORD.code => "access denied: agent password is incorrect",
            c if c == WITH_OB_PASSWORD.code => {
                "agent password is not initialized, use oceanbase password to verify"
            }
            c if c == AUTH_EXPIRED.code => "auth expired",
            c if c == TIMESTAMP_INVALID.code => "invalid timestamp",
            c if c == BODY_KEY_AND_IV_INVALID.code || c == BODY_CONTENT_LENGTH_INVALID.code => {
                "body decrypt failed"
            }
            _ => return None,
        })
    }
}

/// Every error spec above, for lookups by code and for tests.
pub fn all() -> &'static [ErrorSpec] {
    ALL
}

/// The spec of a dotted code (the first, where one code has several templates).
pub fn by_code(code: &str) -> Option<&'static ErrorSpec> {
    ALL.iter().find(|s| s.code == code)
}

/// A refusal by one of the agent's rules: its code and the arguments of its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The code's entry in the catalog (a reference: the entry carries three templates).
    pub spec: &'static ErrorSpec,
    pub args: Vec<String>,
}

impl Violation {
    pub fn new(spec: &'static ErrorSpec, args: Vec<String>) -> Self {
        Self { spec, args }
    }

    pub fn code(&self) -> &'static str {
        self.spec.code
    }

    pub fn message(&self) -> String {
        self.spec.render(&self.args)
    }

    /// The message as an agent from 4.3.1 sends it to a client that asked for `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.spec.render_in(lang, &self.args)
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message(), self.spec.code)
    }
}

/// Builds a [`Violation`] from a spec and any displayable arguments.
#[macro_export]
macro_rules! violation {
    ($spec:expr $(, $arg:expr)* $(,)?) => {
        $crate::obshell::catalog::Violation::new(&$spec, vec![$($arg.to_string()),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_order() {
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render(&["3".into(), "2".into(), "zone1".into()]),
            "Unit number '3' is bigger than server number '2' in zone 'zone1'."
        );
        assert_eq!(render_template("100%% %s", &["x".into()]), "100% x");
        assert_eq!(
            render_template("%s and %s", &["x".into()]),
            "x and %!v(MISSING)"
        );
        let v = crate::violation!(ZONE_REPEATED, "zone2");
        assert_eq!(by_code("OB.Zone.NotExist"), Some(&ZONE_NOT_EXIST));
        assert_eq!(v.message(), "Zone 'zone2' is repeated.");
        assert_eq!(v.spec.status, 400);
    }

    /// The Go verbs of a template, in order (`%%` is no verb).
    fn verbs(template: &str) -> Vec<char> {
        let mut out = Vec::new();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            if c == '%' {
                match chars.next() {
                    Some('%') | None => {}
                    Some(v) => out.push(v),
                }
            }
        }
        out
    }

    #[test]
    fn every_spec_has_a_chinese_template_with_the_same_verbs() {
        for spec in all() {
            assert!(spec.key.starts_with("err."), "{spec:?}");
            if spec.untranslated() {
                // No text for the key in either file: the agent sends the key in every language.
                assert_eq!(
                    (spec.template, spec.en),
                    (spec.key, spec.key),
                    "{}",
                    spec.code
                );
                continue;
            }
            assert!(
                !spec.zh.is_ascii(),
                "{}: no Chinese text in {:?}",
                spec.code,
                spec.zh
            );
            if spec.code == SCALE_OUT_HIGHER_VERSION.code {
                // The agent's zh.json drops two of the four verbs; Go appends the rest.
                assert!(verbs(spec.en).starts_with(&verbs(spec.zh)), "{}", spec.code);
                continue;
            }
            assert_eq!(verbs(spec.zh), verbs(spec.en), "{}", spec.code);
            assert_eq!(
                verbs(spec.template).len(),
                verbs(spec.en).len(),
                "{}",
                spec.code
            );
            // Wrapped by `err.common.unauthorized` in both languages or in neither.
            assert_eq!(
                spec.template.starts_with("Unauthorized: "),
                spec.zh.starts_with("认证失败: "),
                "{}",
                spec.code
            );
        }
    }

    #[test]
    fn messages_render_in_either_language() {
        let v = crate::violation!(TENANT_NOT_EXIST, "t1");
        assert_eq!(v.message_in(Lang::En), "Tenant 't1' does not exist.");
        // zh.json has no full stop here.
        assert_eq!(v.message_in(Lang::Zh), "租户 't1' 不存在");
        assert_eq!(v.message(), v.message_in(Lang::En));
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render_in(Lang::Zh, &["3".into(), "2".into(), "zone1".into()]),
            "租户 unit 数量 '3' 超过 observer 数量 '2'(在 zone 'zone1' 中)"
        );
        // A raw SQL error is sent as it is, and behind the code's words once localised.
        let sql = ["Error 1045: denied".to_owned()];
        assert_eq!(MYSQL_ERROR.render(&sql), "Error 1045: denied");
        assert_eq!(
            MYSQL_ERROR.render_in(Lang::En, &sql),
            "MySQL error: Error 1045: denied"
        );
        assert_eq!(
            MYSQL_ERROR.render_in(Lang::Zh, &sql),
            "SQL 执行出错: Error 1045: denied"
        );
        let limit = ["3".into(), "2".into(), "zone1".into()];
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render_in_version(
                Lang::Zh,
                AgentVersion::new(4, 3, 1, 0),
                &limit
            ),
            "租户 unit 数量 '3' 超过 zone '%!s(int=2)' 中的 observer 数量 '%!d(string=zone1)'"
        );
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render_in_version(
                Lang::Zh,
                AgentVersion::new(4, 3, 2, 0),
                &limit
            ),
            UNIT_NUM_EXCEEDS_LIMIT.render_in(Lang::Zh, &limit)
        );
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render_in_version(
                Lang::En,
                AgentVersion::new(4, 3, 1, 0),
                &limit
            ),
            UNIT_NUM_EXCEEDS_LIMIT.render(&limit)
        );
        let args = [
            "h:2886".into(),
            "4.5.0.0".into(),
            "m:2886".into(),
            "4.4.2.0".into(),
        ];
        assert_eq!(
            SCALE_OUT_HIGHER_VERSION.render_in(Lang::Zh, &args),
            "不允许将更高版本的 agent(h:2886) 扩容到集群 agent(4.5.0.0) 中\
             %!(EXTRA string=m:2886, string=4.4.2.0)"
        );
        assert_eq!(
            INCORRECT_AGENT_PASSWORD.render_in(Lang::Zh, &[]),
            "认证失败: agent 密码不正确"
        );
    }

    #[test]
    fn legacy_codes_follow_the_old_agents_kinds() {
        assert_eq!(HEADER_DECRYPT_FAILED.legacy().code, CODE_UNAUTHORIZED);
        assert_eq!(
            HEADER_DECRYPT_FAILED.legacy_auth_text(),
            Some("header decrypt failed")
        );
        assert_eq!(ZONE_REPEATED.legacy(), LegacyCode::ILLEGAL_ARGUMENT);
        assert_eq!(RESOURCE_NOT_ENOUGH.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(TENANT_UNDER_MAINTENANCE.legacy(), LegacyCode::KNOWN);
        assert_eq!(TASK_NOT_FOUND.legacy().code, 2300);
        assert_eq!(NOT_FOUND.legacy().code, 1003);
        assert_eq!(TENANT_NOT_EXIST.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(TENANT_STATUS_NOT_NORMAL.legacy().status(), 500);
        assert_eq!(HEADER_NOT_FOUND.legacy().status(), 401);
        assert_eq!(BAD_REQUEST.legacy(), LegacyCode::BAD_REQUEST);
        // A handler's query check is no authentication failure.
        assert_eq!(QUERY_PARAM_ILLEGAL.legacy(), LegacyCode::ILLEGAL_ARGUMENT);
        assert!(HEADER_NOT_FOUND.is_authentication() && !QUERY_PARAM_EMPTY.is_authentication());
        assert_eq!(TENANT_LOCKED.legacy(), LegacyCode::KNOWN);
        assert_eq!(OB_PROCESS_NOT_EXIST.legacy(), LegacyCode::UNEXPECTED);
        assert_eq!(
            TENANT_NOT_EXIST
                .legacy_template()
                .map(|t| render_template(t, &["t1".into()])),
            Some("Tenant 't1' is not exist.".to_owned())
        );
        for spec in all() {
            let legacy = spec.legacy();
            assert!(legacy.prefix.ends_with(": "), "{spec:?}");
            // Sessions came with 4.4.0, long after dotted codes.
            let auth = spec.is_authentication() && !spec.code.contains(".Session");
            assert_eq!(spec.legacy_auth_text().is_some(), auth, "{}", spec.code);
        }
    }

    #[test]
    fn zone_replica_and_task_codes_read_as_the_agent_sends_them() {
        let zone = ["zone4".to_owned()];
        assert_eq!(
            (ZONE_NOT_EMPTY.status, ZONE_NOT_EMPTY.render(&zone)),
            (
                400,
                "The zone 'zone4' is not empty and cannot be deleted".to_owned()
            )
        );
        assert_eq!(
            ZONE_NOT_EMPTY.render_in(Lang::Zh, &zone),
            "zone 'zone4' 不为空，无法删除"
        );
        assert_eq!(
            ZONE_DELETE_SELF.render_in(Lang::Zh, &zone),
            "当前 agent 在 zone 'zone4' 中，请通过其他agent发起请求"
        );
        // Before 4.3.1: a bad request, and Go's complaint about the extra argument.
        assert_eq!(ZONE_DELETE_SELF.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(
            ZONE_DELETE_SELF
                .legacy_template()
                .map(|t| render_template(t, &zone)),
            Some(
                "The current agent is in '%s', please initiate the request through another \
                 agent.%!(EXTRA string=zone4)"
                    .to_owned()
            )
        );
        // The reason carries its own full stop.
        let invalid = [
            "z1;z9".to_owned(),
            "Zone 'z9' is not in zone_list.".to_owned(),
        ];
        assert_eq!(
            PRIMARY_ZONE_INVALID.render(&invalid),
            "Primary zone 'z1;z9' is invalid: Zone 'z9' is not in zone_list.."
        );
        assert_eq!(
            PRIMARY_ZONE_INVALID.render_in(Lang::Zh, &invalid),
            "Primary zone 'z1;z9' 非法：Zone 'z9' is not in zone_list."
        );
        assert_eq!(LOCALITY_FORMAT_UNEXPECTED.status, 500);
        assert_eq!(LOCALITY_FORMAT_UNEXPECTED.legacy(), LegacyCode::UNEXPECTED);
        assert_eq!(
            TENANT_REPLICA_DELETE_ALL.render_in(Lang::Zh, &[]),
            "不能删除所有副本"
        );
        // No text in either language file: the key itself.
        assert_eq!(
            CLUSTER_TENANT_REPLICA_INVALID.render_in(Lang::Zh, &["zone1".into(), "[t1]".into()]),
            "err.ob.cluster.tenant.replica.invalid"
        );
        assert_eq!(
            AGENT_UNDER_MAINTENANCE_DAG.render(&[
                "10.0.1.1:2886".into(),
                "21".into(),
                "Local scale out".into()
            ]),
            "10.0.1.1:2886 is under maintenance by DAG [21:Local scale out]"
        );
        assert_eq!(
            TASK_DAG_PASS_TIMEOUT.render_in(Lang::Zh, &["7".into(), "600".into()]),
            "跳过任务 7 在 600 秒后超时"
        );
        for (code, status) in [
            ("Task.Dag.ExecuteTimeout", 500),
            ("Task.Dag.CancelTimeout", 500),
            ("Task.Dag.PassTimeout", 500),
            ("Agent.UnderMaintenance", 500),
            ("Agent.UnderMaintenanceDag", 500),
            ("OB.Cluster.UnderMaintenance", 500),
            ("OB.Tenant.NoPaxosReplica", 400),
            ("OB.Tenant.Replica.DeleteAll", 400),
            ("Task.Node.Operator.PassNotFailedNode", 400),
            ("Task.Node.Operator.PassNotAllowed", 400),
            ("Task.Dag.Operator.RetryNotFailedDag", 400),
        ] {
            assert_eq!(by_code(code).map(|s| s.status), Some(status), "{code}");
        }
    }
}
