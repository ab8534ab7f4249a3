//! The officials registry: one entry per page of `content/officials/`, with the names a text may
//! use for the person and the offices they held, so that "the Secretary-General" can be resolved
//! by a page's date.

use std::collections::HashMap;

use crate::content::{Content, PageMeta, Role};
use crate::date::Date;

use super::fold::fold_str;

/// One person of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    pub slug: String,
    /// Full name, the page's title.
    pub name: String,
    pub aliases: Vec<String>,
    /// Offices, as the page lists them.
    pub roles: Vec<Role>,
}

/// Whether `role` was held on `date`. A role with no dates at all (a draft's, say) is held on
/// no date in particular, so "the Prime Minister" never resolves to it.
pub(crate) fn held_on(role: &Role, date: Date) -> bool {
    (role.from.is_some() || role.to.is_some())
        && role.from.is_none_or(|from| from <= date)
        && role.to.is_none_or(|to| date <= to)
}

/// A phrase that names an office: the role's title, a short form derived from it, or an alias
/// declared on the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RolePhrase {
    pub text: String,
    /// (official index, role index) of every role this phrase names.
    pub holders: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    officials: Vec<Official>,
    by_slug: HashMap<String, usize>,
    pub(crate) phrases: Vec<RolePhrase>,
    phrase_index: HashMap<Vec<u8>, usize>,
}

impl Registry {
    /// Builds the registry from `(slug, front-matter)` pairs of official pages.
    pub fn new<'a>(officials: impl IntoIterator<Item = (&'a str, &'a PageMeta)>) -> Registry {
        let mut registry = Registry::default();
        for (slug, meta) in officials {
            if registry.by_slug.contains_key(slug) {
                continue;
            }
            let index = registry.officials.len();
            registry.by_slug.insert(slug.to_string(), index);
            registry.officials.push(Official {
                slug: slug.to_string(),
                name: meta.title.clone(),
                aliases: meta.aliases.clone(),
                roles: meta.roles.clone(),
            });
            for (r, role) in meta.roles.iter().enumerate() {
                for phrase in role_phrases(role) {
                    let key = fold_str(&phrase, true);
                    if key.is_empty() {
                        continue;
                    }
                    let p = *registry.phrase_index.entry(key).or_insert_with(|| {
                        registry.phrases.push(RolePhrase { text: phrase.clone(), holders: Vec::new() });
                        registry.phrases.len() - 1
                    });
                    if !registry.phrases[p].holders.contains(&(index, r)) {
                        registry.phrases[p].holders.push((index, r));
                    }
                }
            }
        }
        registry
    }

    /// The pages of the `officials` section of the site's content.
    pub fn from_content(content: &Content) -> Registry {
        Registry::new(content.pages.iter().filter(|p| p.section == "officials").map(|p| (p.slug.as_str(), &p.meta)))
    }

    pub fn get(&self, slug: &str) -> Option<&Official> {
        self.by_slug.get(slug).map(|&i| &self.officials[i])
    }

    pub fn officials(&self) -> &[Official] {
        &self.officials
    }

    pub fn len(&self) -> usize {
        self.officials.len()
    }

    pub fn is_empty(&self) -> bool {
        self.officials.is_empty()
    }

    /// Who held the office named `role` on `date`: `role` is a role's title, one of its aliases or
    /// a short form of it ("Secretary-General", "UN Secretary-General"), in any case and with or
    /// without accents. Each person once.
    pub fn holders_on(&self, role: &str, date: Date) -> Vec<&Official> {
        let Some(&p) = self.phrase_index.get(&fold_str(role, true)) else {
            return Vec::new();
        };
        self.phrase_holders_on(p, date).map(|i| &self.officials[i]).collect()
    }

    /// The one official among `candidates`; if several share a name, the one in office on `date`.
    pub(crate) fn one_official(&self, candidates: impl Iterator<Item = usize>, date: Option<Date>) -> Option<usize> {
        let mut all: Vec<usize> = candidates.collect();
        all.sort_unstable();
        all.dedup();
        if all.len() == 1 {
            return Some(all[0]);
        }
        let date = date?;
        let mut active = all.into_iter().filter(|&o| self.in_office_on(o, date));
        match (active.next(), active.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// Whether official `o` held any of their offices on `date`.
    pub(crate) fn in_office_on(&self, o: usize, date: Date) -> bool {
        self.officials[o].roles.iter().any(|r| held_on(r, date))
    }

    /// Indexes of the officials holding phrase `p` on `date`, each once.
    pub(crate) fn phrase_holders_on(&self, p: usize, date: Date) -> impl Iterator<Item = usize> + '_ {
        let holders = &self.phrases[p].holders;
        let held = move |&(o, r): &(usize, usize)| held_on(&self.officials[o].roles[r], date);
        holders.iter().enumerate().filter_map(move |(k, h)| {
            let seen = holders[..k].iter().any(|e| e.0 == h.0 && held(e));
            (held(h) && !seen).then_some(h.0)
        })
    }
}

/// The phrases that name a role: its title; for an office "of the United Nations" the bare office
/// ("Secretary-General") and "UN …"/"United Nations …"; for "United Nations X" plain "X" and
/// "UN X"; for "X of the Y" (Y a short proper name) "Y X" ("Security Council President"); and the
/// role's declared aliases. Never a bare generic word ("President"), which would name many people.
pub(crate) fn role_phrases(role: &Role) -> Vec<String> {
    let title = role.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = vec![title.clone()];
    let lower = title.to_lowercase();
    for suffix in [" of the united nations", " of the un"] {
        if lower.ends_with(suffix) && title.len() > suffix.len() {
            let head = &title[..title.len() - suffix.len()];
            out.push(head.to_string());
            out.push(format!("UN {head}"));
            out.push(format!("U.N. {head}"));
            out.push(format!("United Nations {head}"));
            out.push(format!("{head} of the United Nations"));
            out.push(format!("{head} of the UN"));
        }
    }
    if let Some(rest) = title.strip_prefix("United Nations ") {
        out.push(rest.to_string());
        out.push(format!("UN {rest}"));
        out.push(format!("U.N. {rest}"));
    }
    if let Some((head, org)) = title.split_once(" of the ") {
        let words: Vec<&str> = org.split(' ').collect();
        let proper = words.len() <= 3 && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if proper && !head.contains(" of ") && !org.eq_ignore_ascii_case("United Nations") {
            out.push(format!("{org} {head}"));
        }
    }
    out.extend(role.aliases.iter().map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")));
    out.retain(|p| !p.is_empty());
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(title: &str, from: &str, to: Option<&str>) -> Role {
        Role {
            title: title.to_string(),
            from: Date::parse_iso(from),
            to: to.and_then(Date::parse_iso),
            aliases: Vec::new(),
        }
    }

    fn meta(title: &str, roles: Vec<Role>) -> PageMeta {
        PageMeta { title: title.to_string(), roles, ..PageMeta::default() }
    }

    #[test]
    fn derives_short_forms_generally() {
        let sg = role_phrases(&role("Secretary-General of the United Nations", "2017-01-01", None));
        for p in ["Secretary-General", "UN Secretary-General", "United Nations Secretary-General"] {
            assert!(sg.iter().any(|s| s == p), "{p} in {sg:?}");
        }
        let pres = role_phrases(&role("President of the Security Council", "2020-12-01", None));
        assert!(pres.contains(&"Security Council President".to_string()), "{pres:?}");
        assert!(!pres.contains(&"President".to_string()));
        let hc = role_phrases(&role("United Nations High Commissioner for Refugees", "2005-06-15", None));
        assert!(hc.contains(&"UN High Commissioner for Refugees".to_string()), "{hc:?}");
        let usg = role_phrases(&role("Under-Secretary-General for Peace Operations", "2019-01-01", None));
        assert_eq!(usg, ["Under-Secretary-General for Peace Operations"]);
    }

    #[test]
    fn who_held_a_role_on_a_date() {
        let ban = meta(
            "Ban Ki-moon",
            vec![role("Secretary-General of the United Nations", "2007-01-01", Some("2016-12-31"))],
        );
        let mut gut_role = role("Secretary-General of the United Nations", "2017-01-01", None);
        gut_role.aliases = vec!["Secretario General".to_string()];
        let gut = meta("António Guterres", vec![gut_role]);
        let registry = Registry::new([("ban-ki-moon", &ban), ("antonio-guterres", &gut)]);
        let on = |role: &str, date: &str| -> Vec<String> {
            registry.holders_on(role, Date::parse_iso(date).unwrap()).iter().map(|o| o.slug.clone()).collect()
        };
        assert_eq!(on("the secretary-general".trim_start_matches("the "), "2013-05-01"), ["ban-ki-moon"]);
        assert_eq!(on("Secretary General", "2017-01-01"), ["antonio-guterres"]);
        assert_eq!(on("Secretary-General of the United Nations", "2016-12-31"), ["ban-ki-moon"]);
        assert_eq!(on("secretario general", "2020-12-03"), ["antonio-guterres"]);
        assert!(on("Secretary-General", "2006-12-31").is_empty());
        assert!(on("President", "2017-06-01").is_empty());
        assert_eq!(registry.get("ban-ki-moon").unwrap().name, "Ban Ki-moon");
    }

    #[test]
    fn a_person_holding_an_office_twice_is_listed_once() {
        let trump = meta(
            "Donald Trump",
            vec![
                role("President of the United States", "2025-01-20", None),
                role("President of the United States", "2017-01-20", Some("2021-01-20")),
            ],
        );
        let registry = Registry::new([("donald-trump", &trump)]);
        let d = Date::parse_iso("2030-01-01").unwrap();
        assert_eq!(registry.holders_on("President of the United States", d).len(), 1);
        assert_eq!(registry.holders_on("United States President", d).len(), 1);
    }
}
