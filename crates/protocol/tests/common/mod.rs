//! Test bodies shared by the native harness and the in-browser (wasm-bindgen-test) harness, so
//! the same vectors are checked in both places.

use obshell_protocol::obshell::aes_body::{agent_decrypt_body, AgentBodyError};
use obshell_protocol::obshell::header::parse_go_int;
use obshell_protocol::obshell::{
    AgentError, AgentKeyPair, AgentPublicKey, AuthHeader, Contents, CryptoError, Envelope,
    ReceivedHeader, SessionKey,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

pub const KEY_1024: &str = include_str!("../fixtures/agent-1024.pem");
pub const KEY_512: &str = include_str!("../fixtures/agent-512.pem");
/// Made with `openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:pkcs1` over 53-byte chunks,
/// the chunk size both official SDKs hard-code.
const SDK_HEADER: &str = include_str!("../fixtures/sdk-header.json");
const SDK_CT_1024: &str = include_str!("../fixtures/sdk-header-1024-chunk53.b64");
const SDK_CT_512: &str = include_str!("../fixtures/sdk-header-512-chunk53.b64");
/// Made with `openssl enc -aes-128-cbc` and the key/IV of docs/protocol/obshell-auth.md §2.5.
const BODY: &str = include_str!("../fixtures/body.json");
const BODY_CT: &str = include_str!("../fixtures/body.aes.b64");

fn vector_key() -> SessionKey {
    let mut key = [0u8; 16];
    let mut iv = [0u8; 16];
    for i in 0..16u8 {
        key[usize::from(i)] = i;
        iv[usize::from(i)] = 16 + i;
    }
    SessionKey::from_parts(key, iv)
}

fn pair(pem: &str) -> AgentKeyPair {
    AgentKeyPair::from_pkcs1_pem(pem).expect("fixture key parses")
}

pub fn aes_vector_of_the_spec() {
    let key = vector_key();
    assert_eq!(
        key.keys_base64(),
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    );
    let body = key.encrypt(br#"{"zones":["zone3"]}"#);
    assert_eq!(body, "tzmRS/z72Bjg5ZVt4jKHqMY33n1tXN5Bz/1PPe5iwns=");
    assert_eq!(
        key.decrypt(&body).expect("decrypts"),
        br#"{"zones":["zone3"]}"#
    );
}

pub fn aes_matches_openssl() {
    let key = vector_key();
    assert_eq!(key.encrypt(BODY.as_bytes()), BODY_CT.trim());
    let agent = agent_decrypt_body(BODY_CT.trim(), &key.to_bytes()).expect("agent decrypts");
    assert_eq!(agent, BODY.as_bytes());
}

pub fn public_key_formats() {
    let k1024 = pair(KEY_1024);
    let k512 = pair(KEY_512);
    assert!(k1024.public_key_base64().starts_with("MIGJAoGBA"));
    assert!(k512.public_key_base64().starts_with("MEgCQQ"));
    let parsed = AgentPublicKey::from_base64(&k1024.public_key_base64()).expect("parses");
    assert_eq!((parsed.size(), parsed.max_chunk()), (128, 117));
    let parsed = AgentPublicKey::from_base64(&k512.public_key_base64()).expect("parses");
    assert_eq!((parsed.size(), parsed.max_chunk()), (64, 53));
    // SubjectPublicKeyInfo (what WebCrypto and openssl emit by default) is not what agents send.
    let spki = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMv0pn5cBqGUUMXzcmOvX2f4MGnQRQ4HvHPgF8V8cN9wXqA7ub2nY3+E1O5DBg3ykWmm2Zr9lf2bxpR1D1lH8wcCAwEAAQ==";
    assert!(matches!(
        AgentPublicKey::from_base64(spki),
        Err(CryptoError::PublicKey(_))
    ));
    assert_eq!(
        AgentPublicKey::from_base64("not base64!"),
        Err(CryptoError::Base64(3))
    );
}

/// The 124-byte example of docs/protocol/obshell-auth.md §2.4.
const SPEC_HEADER: &str = r#"{"Auth":"rootpw","Ts":"1767225600","Uri":"/api/v1/tenant/t1/replicas","Keys":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#;

pub fn client_header_is_the_spec_example() {
    let key = vector_key();
    let header =
        AuthHeader::new("rootpw", 1_767_225_600, "/api/v1/tenant/t1/replicas").with_keys(&key);
    assert_eq!(
        String::from_utf8(header.to_json()).expect("utf-8"),
        SPEC_HEADER
    );
    assert_eq!(SPEC_HEADER.len(), 124);
    let with_session = AuthHeader::new("", 1, "/x").with_session("abc");
    assert_eq!(
        String::from_utf8(with_session.to_json()).expect("utf-8"),
        r#"{"Auth":"","Ts":"1","Uri":"/x","session_id":"abc"}"#
    );
}

pub fn rsa_round_trip(pem: &str, blocks_k_minus_11: usize, blocks_53: usize) {
    let agent = pair(pem);
    let public = agent.public_key();
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let text = public
        .encrypt_sectional(&mut rng, SPEC_HEADER.as_bytes())
        .expect("encrypts");
    let k = public.size();
    assert_eq!(text.len(), (blocks_k_minus_11 * k).div_ceil(3) * 4);
    assert_eq!(
        agent.decrypt_sectional(&text).expect("decrypts"),
        SPEC_HEADER.as_bytes()
    );
    let sdk_style = public
        .encrypt_with_chunk(&mut rng, SPEC_HEADER.as_bytes(), 53)
        .expect("encrypts");
    assert_eq!(sdk_style.len(), (blocks_53 * k).div_ceil(3) * 4);
    assert_eq!(
        agent.decrypt_sectional(&sdk_style).expect("decrypts"),
        SPEC_HEADER.as_bytes()
    );
    // The same seed gives the same ciphertext; a fresh draw gives another (random padding).
    let again = public
        .encrypt_sectional(&mut ChaCha20Rng::seed_from_u64(7), SPEC_HEADER.as_bytes())
        .expect("encrypts");
    assert_eq!(again, text);
    assert_ne!(
        public
            .encrypt_sectional(&mut rng, SPEC_HEADER.as_bytes())
            .expect("encrypts"),
        text
    );
    assert!(public.encrypt_with_chunk(&mut rng, b"x", k - 10).is_err());
}

pub fn rsa_round_trips() {
    // 124 bytes: 2 blocks of 117 or 3 of 53 with a 1024-bit key; 3 blocks of 53 with 512 bits.
    rsa_round_trip(KEY_1024, 2, 3);
    rsa_round_trip(KEY_512, 3, 3);
}

pub fn sdk_chunking_decrypts() {
    for (pem, ct) in [(KEY_1024, SDK_CT_1024), (KEY_512, SDK_CT_512)] {
        let plain = pair(pem).decrypt_sectional(ct.trim()).expect("decrypts");
        assert_eq!(plain, SDK_HEADER.as_bytes());
        let header = ReceivedHeader::from_json(&plain).expect("decodes lowercase keys");
        assert_eq!(header.auth, "rootpw");
        assert_eq!(header.ts, "1767225600");
        assert_eq!(header.uri, "/api/v1/ob/info");
        assert_eq!(header.keys.as_deref(), Some(&vector_key().to_bytes()[..]));
    }
}

pub fn tampered_headers_fail_cleanly() {
    let agent = pair(KEY_1024);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let text = agent
        .public_key()
        .encrypt_sectional(&mut rng, SPEC_HEADER.as_bytes())
        .expect("ok");
    // Encrypted for another agent.
    assert_eq!(
        pair(KEY_512).decrypt_sectional(&text),
        Err(CryptoError::RsaDecrypt)
    );
    // Truncated: the last block is short.
    let mut raw = base64_decode(&text);
    raw.truncate(raw.len() - 5);
    assert_eq!(
        agent.decrypt_sectional(&base64_encode(&raw)),
        Err(CryptoError::RsaDecrypt)
    );
    // A flipped bit breaks the PKCS#1 padding of its block.
    let mut raw = base64_decode(&text);
    raw[3] ^= 0x40;
    assert_eq!(
        agent.decrypt_sectional(&base64_encode(&raw)),
        Err(CryptoError::RsaDecrypt)
    );
    // Not base64 at all.
    assert_eq!(agent.decrypt_sectional("%%%%"), Err(CryptoError::Base64(0)));
}

pub fn header_json_follows_go_rules() {
    let err = ReceivedHeader::from_json(br#"{"Auth":"x","Ts":1767225600,"Uri":"/a"}"#)
        .expect_err("must fail");
    assert_eq!(
        err.to_string(),
        "json: cannot unmarshal number 1767225600 into Go struct field HttpHeader.Ts of type string"
    );
    let err = ReceivedHeader::from_json(br#"{"Keys":"@@@@"}"#).expect_err("must fail");
    assert_eq!(err.to_string(), "illegal base64 data at input byte 0");
    assert!(ReceivedHeader::from_json(b"{\"Auth\":").is_err());
    assert!(ReceivedHeader::from_json(b"[1]")
        .expect_err("must fail")
        .to_string()
        .contains("array"));
    let h = ReceivedHeader::from_json(
        br#"{"AUTH":"first","auth":"second","uRi":"/u","SESSION_ID":"s","sessionId":"ignored","extra":[1]}"#,
    )
    .expect("decodes");
    assert_eq!(
        (h.auth.as_str(), h.uri.as_str(), h.session_id.as_str()),
        ("second", "/u", "s")
    );
    assert_eq!(h.keys, None);
    let h = ReceivedHeader::from_json(br#"{"Auth":null,"Keys":null,"ForwardType":0}"#).expect("ok");
    assert_eq!(h, ReceivedHeader::default());
    assert!(ReceivedHeader::from_json(br#"{"ForwardType":1.5}"#).is_err());
}

pub fn go_int_parsing() {
    assert_eq!(parse_go_int("1767225600"), Ok(1_767_225_600));
    assert_eq!(parse_go_int("+5"), Ok(5));
    assert_eq!(
        parse_go_int("abc"),
        Err("strconv.ParseInt: parsing \"abc\": invalid syntax".to_owned())
    );
    assert!(parse_go_int("99999999999999999999")
        .expect_err("must fail")
        .ends_with("value out of range"));
    assert!(parse_go_int("").is_err());
    assert!(parse_go_int(" 1").is_err());
}

pub fn agent_body_decryption_matches_go() {
    let keys = vector_key().to_bytes();
    // Plain JSON decodes to nothing, then Go's unpadding panics: the generic 500.
    assert_eq!(
        agent_decrypt_body(r#"{"zones":[]}"#, &keys),
        Err(AgentBodyError::Panic)
    );
    assert_eq!(
        agent_decrypt_body("AAAA", &keys[..10]),
        Err(AgentBodyError::KeyAndIvSize)
    );
    assert_eq!(
        agent_decrypt_body("AAAA", &keys[..20]),
        Err(AgentBodyError::Panic)
    );
    assert_eq!(
        agent_decrypt_body("AAAA", &keys),
        Err(AgentBodyError::ContentLength)
    );
    // A wrong key gives garbage, never a panic of ours.
    let other = SessionKey::from_parts([9; 16], [9; 16]).to_bytes();
    let _ = agent_decrypt_body("tzmRS/z72Bjg5ZVt4jKHqMY33n1tXN5Bz/1PPe5iwns=", &other);
}

pub fn strict_client_decryption() {
    let key = vector_key();
    assert_eq!(key.decrypt("AAAA"), Err(CryptoError::ContentLength));
    let wrong = SessionKey::from_parts([1; 16], [2; 16]);
    assert!(wrong
        .decrypt("tzmRS/z72Bjg5ZVt4jKHqMY33n1tXN5Bz/1PPe5iwns=")
        .is_err());
}

pub fn envelopes_decode() {
    let ok: Envelope<Contents<String>> = serde_json::from_str(
        r#"{"successful":true,"timestamp":"2026-01-01T00:00:00.1+08:00","duration":3,"status":200,"traceId":"abc","data":{"contents":null}}"#,
    )
    .expect("decodes");
    assert_eq!(ok.data.expect("data").into_vec(), Vec::<String>::new());
    let err: Envelope<()> = serde_json::from_str(
        r#"{"successful":false,"timestamp":"t","duration":0,"status":401,"traceId":"","error":{"code":1,"errCode":"Security.Authentication.Header.DecryptFailed","message":"m"}}"#,
    )
    .expect("decodes");
    assert_eq!(
        err.error,
        Some(AgentError {
            code: Some(1),
            err_code: "Security.Authentication.Header.DecryptFailed".into(),
            message: "m".into(),
            sub_errors: vec![]
        })
    );
    let text = serde_json::to_string(&Envelope::<()> {
        successful: false,
        timestamp: "t".into(),
        duration: 0,
        status: 400,
        trace_id: "x".into(),
        data: None,
        error: Some(AgentError {
            code: None,
            err_code: "E".into(),
            message: "m".into(),
            sub_errors: vec![],
        }),
    })
    .expect("encodes");
    assert_eq!(
        text,
        r#"{"successful":false,"timestamp":"t","duration":0,"status":400,"traceId":"x","error":{"errCode":"E","message":"m"}}"#
    );
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn base64_encode(raw: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// The platform's randomness (getrandom; `crypto.getRandomValues` in the browser) gives fresh
/// keys, and headers encrypted with it decrypt.
pub fn platform_randomness() {
    let a = SessionKey::random();
    let b = SessionKey::random();
    assert_ne!(a.keys_base64(), b.keys_base64());
    let agent = pair(KEY_1024);
    let text = AuthHeader::new("pw", 1, "/api/v1/ob/info")
        .with_keys(&a)
        .encrypt(&agent.public_key(), &mut rand_core::OsRng)
        .expect("encrypts");
    let header = ReceivedHeader::from_json(&agent.decrypt_sectional(&text).expect("decrypts"))
        .expect("decodes");
    assert_eq!(header.keys.as_deref(), Some(&a.to_bytes()[..]));
}

/// A sealed request opens on the agent side: same target, same key, same payload.
pub fn sealed_requests_open() {
    use obshell_protocol::obshell::aes_body::agent_decrypt_body;
    use obshell_protocol::obshell::{seal_request, Credential};
    let agent = pair(KEY_1024);
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let payload = br#"{"zone_list":[{"name":"zone4","unit_config_name":"u1","unit_num":1}]}"#;
    let sealed = seal_request(
        &mut rng,
        &agent.public_key(),
        Credential::Password("pw"),
        99,
        "/api/v1/tenant/t1/replicas",
        Some(payload),
        false,
    )
    .expect("seals");
    let header = ReceivedHeader::from_json(&agent.decrypt_sectional(&sealed.header).expect("rsa"))
        .expect("json");
    assert_eq!(
        (
            header.auth.as_str(),
            header.ts.as_str(),
            header.uri.as_str()
        ),
        ("pw", "99", "/api/v1/tenant/t1/replicas")
    );
    let keys = header.keys.expect("keys with a body");
    assert_eq!(
        agent_decrypt_body(sealed.body.as_deref().expect("body"), &keys).expect("aes"),
        payload
    );
    let get = seal_request(
        &mut rng,
        &agent.public_key(),
        Credential::Session("s1"),
        5,
        "/api/v1/ob/info",
        None,
        false,
    )
    .expect("seals");
    assert!(get.body.is_none() && get.key.is_none());
    let header = ReceivedHeader::from_json(&agent.decrypt_sectional(&get.header).expect("rsa"))
        .expect("json");
    assert_eq!(
        (
            header.auth.as_str(),
            header.session_id.as_str(),
            header.keys
        ),
        ("", "s1", None)
    );
    let login = seal_request(
        &mut rng,
        &agent.public_key(),
        Credential::Password("pw"),
        5,
        "/api/v1/login",
        None,
        true,
    )
    .expect("seals");
    assert!(login.key.is_some() && login.body.is_none());
}
