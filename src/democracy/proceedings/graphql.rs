//! GraphQL types for a meeting's attendance and votes (public once the minutes are published).
use async_graphql::{ID, SimpleObject};

use super::model::{AttendanceStatus, MotionResult, VoteOption, attendance, motion, vote};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Attendance")]
pub struct AttendanceGql {
    pub councillor_id: ID,
    pub status: AttendanceStatus,
    pub substitute_for: Option<ID>,
}

impl From<&attendance::Model> for AttendanceGql {
    fn from(a: &attendance::Model) -> Self {
        Self {
            councillor_id: ID(a.councillor_id.to_string()),
            status: AttendanceStatus::parse(&a.status).unwrap_or(AttendanceStatus::Present),
            substitute_for: a.substitute_for.map(|s| ID(s.to_string())),
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Vote")]
pub struct VoteGql {
    pub councillor_id: ID,
    pub option: VoteOption,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Motion")]
pub struct MotionGql {
    pub id: ID,
    pub agenda_item_id: Option<ID>,
    pub motion_text: String,
    pub proposer_id: Option<ID>,
    pub seconder_id: Option<ID>,
    pub result: MotionResult,
    pub for_count: i32,
    pub against_count: i32,
    pub abstain_count: i32,
    pub absent_count: i32,
    /// Named votes, when the vote was recorded.
    pub votes: Vec<VoteGql>,
}

impl MotionGql {
    pub fn new(m: &motion::Model, votes: &[vote::Model]) -> Self {
        let id = |u: uuid::Uuid| ID(u.to_string());
        Self {
            id: id(m.id),
            agenda_item_id: m.agenda_item_id.map(id),
            motion_text: m.motion_text.clone(),
            proposer_id: m.proposer_id.map(id),
            seconder_id: m.seconder_id.map(id),
            result: MotionResult::parse(&m.result).unwrap_or(MotionResult::Carried),
            for_count: m.for_count,
            against_count: m.against_count,
            abstain_count: m.abstain_count,
            absent_count: m.absent_count,
            votes: votes
                .iter()
                .filter(|v| v.motion_id == m.id)
                .map(|v| VoteGql {
                    councillor_id: id(v.councillor_id),
                    option: VoteOption::parse(&v.option).unwrap_or(VoteOption::Absent),
                })
                .collect(),
        }
    }
}
