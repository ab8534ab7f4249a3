//! Peace operations in text: by acronym or name, and "the Mission", which a page's missions
//! resolve later.

use super::entity::{Entity, Mention};
use super::recognize::Recognizer;
use super::scan::{self, MISSION, THE_MISSION};
use crate::date::Date;

impl Recognizer {
    /// Missions by acronym or name, and "the Mission" (resolved per page, later). A mission named
    /// before it existed is an anachronism: a page of 1985 naming MINUSMA does not mean it. One
    /// named after it ended is history, and is a mention.
    pub(super) fn find_missions(&self, date: Option<Date>, tokens: &[scan::Token], out: &mut Vec<Mention>) {
        for t in tokens {
            let entity = if t.flags & MISSION != 0
                && let Some(m) = t.mission
            {
                let mission = Entity::Mission(self.missions.all()[m].slug.clone());
                let too_early = date.zip(self.mission_since[m]).is_some_and(|(date, since)| date < since);
                if too_early { Entity::Anachronism(Box::new(mission)) } else { mission }
            } else if t.flags & THE_MISSION != 0 {
                Entity::TheMission
            } else {
                continue;
            };
            out.push(Mention { range: t.start..t.end, entity });
        }
    }
}
