//! OceanBase locality strings (`FULL{1}@z1, READONLY{1}@z3`) as the agent reads them.

use crate::obshell::catalog::Violation;

pub const FULL: &str = "FULL";
pub const READONLY: &str = "READONLY";

/// Zone → replica type, in the order the zones appear (the agent uses a map; order only matters
/// for display).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locality {
    entries: Vec<(String, String)>,
}

impl Locality {
    /// Parses like the agent: split on `,`; each part is `<type>[{n}]@<zone>`; spaces trimmed;
    /// a part without `@` is `OB.Tenant.Locality.Format.Unexpected` (500).
    pub fn parse(text: &str) -> Result<Self, Violation> {
        let mut locality = Self::default();
        if text.trim().is_empty() {
            return Ok(locality);
        }
        for part in text.split(',') {
            let Some((kind, zone)) = part.split_once('@') else {
                return Err(crate::violation!(
                    crate::obshell::catalog::LOCALITY_FORMAT_UNEXPECTED,
                    text
                ));
            };
            if zone.contains('@') {
                continue;
            }
            let kind = kind.split('{').next().unwrap_or(kind);
            locality.set(zone.trim(), kind.trim());
        }
        Ok(locality)
    }

    /// Replica type of `zone`, if it has a replica.
    pub fn get(&self, zone: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(z, _)| z == zone)
            .map(|(_, t)| t.as_str())
    }

    pub fn contains(&self, zone: &str) -> bool {
        self.get(zone).is_some()
    }

    /// Adds or replaces the replica of `zone`.
    pub fn set(&mut self, zone: &str, kind: &str) {
        match self.entries.iter_mut().find(|(z, _)| z == zone) {
            Some(entry) => entry.1 = kind.to_owned(),
            None => self.entries.push((zone.to_owned(), kind.to_owned())),
        }
    }

    pub fn remove(&mut self, zone: &str) -> Option<String> {
        let at = self.entries.iter().position(|(z, _)| z == zone)?;
        Some(self.entries.remove(at).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(z, t)| (z.as_str(), t.as_str()))
    }

    pub fn zones(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(z, _)| z.as_str())
    }

    /// Number of FULL (Paxos) replicas.
    pub fn full_count(&self) -> usize {
        self.entries.iter().filter(|(_, t)| t == FULL).count()
    }

    /// The normalised form OceanBase reports in `locality`: `FULL{1}@z1, READONLY{1}@z3`.
    pub fn to_ob_string(&self) -> String {
        self.entries
            .iter()
            .map(|(z, t)| format!("{t}{{1}}@{z}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The form the agent writes into `ALTER TENANT … LOCALITY`: `FULL@z1,READONLY@z3`.
    pub fn to_alter_string(&self) -> String {
        self.entries
            .iter()
            .map(|(z, t)| format!("{t}@{z}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_oceanbase_reports() {
        let l = Locality::parse("FULL{1}@zone1, FULL{1}@zone2,READONLY{1}@zone3").expect("parses");
        assert_eq!(
            l.iter().collect::<Vec<_>>(),
            [("zone1", "FULL"), ("zone2", "FULL"), ("zone3", "READONLY")]
        );
        assert_eq!(l.full_count(), 2);
        assert_eq!(
            l.to_ob_string(),
            "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3"
        );
        assert_eq!(l.to_alter_string(), "FULL@zone1,FULL@zone2,READONLY@zone3");
        assert_eq!(
            Locality::parse("F@z1").expect("parses").get("z1"),
            Some("F")
        );
        assert!(Locality::parse("").expect("empty").is_empty());
        let err = Locality::parse("FULL{1}@z1, garbage").expect_err("no @");
        assert_eq!(
            err.message(),
            "Unexpected locality format: FULL{1}@z1, garbage."
        );
    }

    #[test]
    fn edits_keep_order() {
        let mut l = Locality::parse("FULL@a,FULL@b").expect("parses");
        l.set("c", READONLY);
        l.set("a", READONLY);
        assert_eq!(l.remove("b").as_deref(), Some(FULL));
        assert_eq!(l.to_alter_string(), "READONLY@a,READONLY@c");
    }
}
