//! Every write is audited (security issue 24, finding 7): [`WRITES`] maps each write operation of the OpenAPI
//! document (every POST, PUT, PATCH and DELETE) to the scenario test that calls it and the audit entry it must
//! leave. One test fails when an operation of the document is missing from the table (or the table names one the
//! document does not have); the scenarios (`audit_coverage_*.rs`) call each operation over HTTP and, after each
//! call, find its entry among the entries written since the call before, then check they called every
//! operation the table gives them.
use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::helpers::TestApp;

/// Which audit log an entry goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Log {
    /// The council's own (`GET /api/v1/councils/{council}/audit`).
    Council,
    /// The platform's (`GET /api/v1/audit`): sign-ins, passwords, councils created and restored.
    Platform,
}

use Log::{Council, Platform};

/// The scenario tests, by name.
pub const SCENARIOS: &[&str] = &[
    "accounts_and_councils",
    "web_content",
    "people_and_committees",
    "meetings_and_decisions",
];

/// (operationId, scenario, action of its audit entry, log).
#[rustfmt::skip]
pub const WRITES: &[(&str, &str, &str, Log)] = &[
    // Accounts, councils, members, tokens, invitations, archives.
    ("login", "accounts_and_councils", "auth.sign_in", Platform),
    ("refresh", "accounts_and_councils", "auth.refreshed", Platform),
    ("logout", "accounts_and_councils", "auth.sign_out", Platform),
    ("change_password", "accounts_and_councils", "auth.password_changed", Platform),
    ("request_reset", "accounts_and_councils", "auth.password_reset_requested", Platform),
    ("reset_password", "accounts_and_councils", "auth.password_reset", Platform),
    ("create_council", "accounts_and_councils", "council.created", Platform),
    ("update_council", "accounts_and_councils", "council.updated", Council),
    ("import_archive", "accounts_and_councils", "council.restored", Platform),
    ("add_member", "accounts_and_councils", "member.added", Council),
    ("update_member", "accounts_and_councils", "member.role_changed", Council),
    ("remove_member", "accounts_and_councils", "member.removed", Council),
    ("create_api_token", "accounts_and_councils", "api_token.created", Council),
    ("revoke_api_token", "accounts_and_councils", "api_token.revoked", Council),
    ("invite", "accounts_and_councils", "invitation.created", Council),
    ("revoke_invitation", "accounts_and_councils", "invitation.revoked", Council),
    ("accept_invitation", "accounts_and_councils", "invitation.accepted", Council),
    // Web content, redirects, the media library, webhooks.
    ("create_item", "web_content", "content.created", Council),
    ("update_item", "web_content", "content.updated", Council),
    ("submit_item", "web_content", "content.submitted", Council),
    ("withdraw_item", "web_content", "content.withdrawn", Council),
    ("publish_item", "web_content", "content.published", Council),
    ("unpublish_item", "web_content", "content.unpublished", Council),
    ("archive_item", "web_content", "content.archived", Council),
    ("unarchive_item", "web_content", "content.unarchived", Council),
    ("schedule_item", "web_content", "content.scheduled", Council),
    ("set_review", "web_content", "content.review_set", Council),
    ("restore_revision", "web_content", "content.revision_restored", Council),
    ("delete_item", "web_content", "content.deleted", Council),
    ("restore_item", "web_content", "content.restored", Council),
    ("create_redirect", "web_content", "redirect.created", Council),
    ("delete_redirect", "web_content", "redirect.deleted", Council),
    ("import_redirects", "web_content", "import.completed", Council),
    ("upload_media", "web_content", "media.uploaded", Council),
    ("delete_media", "web_content", "media.deleted", Council),
    ("restore_media", "web_content", "media.restored", Council),
    ("purge_media", "web_content", "media.purged", Council),
    ("create_webhook", "web_content", "webhook.created", Council),
    ("replay_delivery", "web_content", "webhook.replayed", Council),
    ("delete_webhook", "web_content", "webhook.deleted", Council),
    // Wards, parties, councillors and their registers, committees, deadline settings, the councillors import.
    ("create_ward", "people_and_committees", "record.created", Council),
    ("update_ward", "people_and_committees", "record.updated", Council),
    ("delete_ward", "people_and_committees", "record.deleted", Council),
    ("restore_ward", "people_and_committees", "record.restored", Council),
    ("create_party", "people_and_committees", "record.created", Council),
    ("update_party", "people_and_committees", "record.updated", Council),
    ("delete_party", "people_and_committees", "record.deleted", Council),
    ("restore_party", "people_and_committees", "record.restored", Council),
    ("create_councillor", "people_and_committees", "record.created", Council),
    ("update_councillor", "people_and_committees", "record.updated", Council),
    ("delete_councillor", "people_and_committees", "record.deleted", Council),
    ("restore_councillor", "people_and_committees", "record.restored", Council),
    ("put_roles", "people_and_committees", "record.updated", Council),
    ("put_interests", "people_and_committees", "record.updated", Council),
    ("create_committee", "people_and_committees", "record.created", Council),
    ("update_committee", "people_and_committees", "record.updated", Council),
    ("delete_committee", "people_and_committees", "record.deleted", Council),
    ("restore_committee", "people_and_committees", "record.restored", Council),
    ("put_members", "people_and_committees", "record.updated", Council),
    ("put_settings", "people_and_committees", "deadline_settings.updated", Council),
    ("import_councillors_by_ward", "people_and_committees", "import.completed", Council),
    // Meetings, agendas, papers, proceedings, decisions, the forward plan, the calendar imports.
    ("create_meeting", "meetings_and_decisions", "record.created", Council),
    ("update_meeting", "meetings_and_decisions", "record.updated", Council),
    ("delete_meeting", "meetings_and_decisions", "record.deleted", Council),
    ("restore_meeting", "meetings_and_decisions", "record.restored", Council),
    ("create_agenda_item", "meetings_and_decisions", "record.created", Council),
    ("update_agenda_item", "meetings_and_decisions", "record.updated", Council),
    ("delete_agenda_item", "meetings_and_decisions", "record.deleted", Council),
    ("restore_agenda_item", "meetings_and_decisions", "record.restored", Council),
    ("reorder_agenda", "meetings_and_decisions", "record.agenda_reordered", Council),
    ("publish_agenda", "meetings_and_decisions", "record.agenda_published", Council),
    ("publish_minutes", "meetings_and_decisions", "record.minutes_published", Council),
    ("upload_document", "meetings_and_decisions", "record.created", Council),
    ("delete_document", "meetings_and_decisions", "record.deleted", Council),
    ("restore_document", "meetings_and_decisions", "record.restored", Council),
    ("put_attendance", "meetings_and_decisions", "record.updated", Council),
    ("create_motion", "meetings_and_decisions", "record.created", Council),
    ("create_decision", "meetings_and_decisions", "record.created", Council),
    ("update_decision", "meetings_and_decisions", "record.updated", Council),
    ("publish_decision", "meetings_and_decisions", "record.published", Council),
    ("delete_decision", "meetings_and_decisions", "record.deleted", Council),
    ("restore_decision", "meetings_and_decisions", "record.restored", Council),
    ("create_forward_plan_entry", "meetings_and_decisions", "record.created", Council),
    ("update_forward_plan_entry", "meetings_and_decisions", "record.updated", Council),
    ("publish_forward_plan_entry", "meetings_and_decisions", "record.published", Council),
    ("delete_forward_plan_entry", "meetings_and_decisions", "record.deleted", Council),
    ("restore_forward_plan_entry", "meetings_and_decisions", "record.restored", Council),
    ("import_committees", "meetings_and_decisions", "import.completed", Council),
    ("import_meetings", "meetings_and_decisions", "import.completed", Council),
];

/// Every operationId of the OpenAPI document that writes: a POST, PUT, PATCH or DELETE.
fn write_operations() -> BTreeSet<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("admin-spec/openapi.json");
    let text = std::fs::read_to_string(&path).expect("admin-spec/openapi.json");
    let spec: Value = serde_json::from_str(&text).expect("the OpenAPI document is JSON");
    let mut writes = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if ["post", "put", "patch", "delete"].contains(&method.as_str()) {
                let id = operation["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
                writes.insert(id.to_owned());
            }
        }
    }
    writes
}

#[test]
fn every_write_operation_of_the_openapi_document_is_in_the_audit_table() {
    let writes = write_operations();
    assert!(writes.len() > 80, "the document's writes: {writes:?}");
    let mut table = BTreeSet::new();
    for (op, scenario, action, _) in WRITES {
        assert!(table.insert(op.to_string()), "{op} is in the table twice");
        assert!(SCENARIOS.contains(scenario), "{op}: no scenario {scenario}");
        assert!(
            action
                .split_once('.')
                .is_some_and(|(a, v)| !a.is_empty() && !v.is_empty()),
            "{op}: an action is `area.verb`, not {action}"
        );
    }
    let missing: Vec<&String> = writes.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "write operations of admin-spec/openapi.json with no audit scenario in tests/api/audit_coverage.rs: \
         {missing:?}"
    );
    let unknown: Vec<&String> = table.difference(&writes).collect();
    assert!(
        unknown.is_empty(),
        "operations in the audit table that admin-spec/openapi.json does not have: {unknown:?}"
    );
}

/// A scenario's check of its table rows: after each call, the entry that call must have left.
pub struct Coverage<'a> {
    app: &'a TestApp,
    scenario: &'static str,
    /// A platform administrator's token, which reads both logs.
    reader: String,
    council: Option<String>,
    /// The newest entry of each log already looked at.
    seen: BTreeMap<Log, i64>,
    /// Who the next entries must name: (`user` or `api_token`, id), or `anonymous`.
    caller: Option<(String, Option<String>)>,
    done: BTreeSet<&'static str>,
}

impl<'a> Coverage<'a> {
    pub async fn new(app: &'a TestApp, scenario: &'static str, reader: &str) -> Self {
        assert!(SCENARIOS.contains(&scenario), "{scenario}");
        let mut coverage = Self {
            app,
            scenario,
            reader: reader.to_owned(),
            council: None,
            seen: BTreeMap::new(),
            caller: None,
            done: BTreeSet::new(),
        };
        let newest = coverage.newest(Platform).await;
        coverage.seen.insert(Platform, newest);
        coverage
    }

    /// The council whose log the next checks read; what is in its log already is not looked at.
    pub async fn council(&mut self, slug: &str) {
        self.council = Some(slug.to_owned());
        let newest = self.newest(Council).await;
        self.seen.insert(Council, newest);
    }

    /// The next entries must name this user (`user`) or API token (`api_token`).
    pub fn caller(&mut self, kind: &str, id: &str) {
        self.caller = Some((kind.to_owned(), Some(id.to_owned())));
    }

    /// The next entries must name nobody (`anonymous`) or Townhall itself (`system`).
    pub fn caller_without_id(&mut self, kind: &str) {
        self.caller = Some((kind.to_owned(), None));
    }

    fn path(&self, log: Log) -> String {
        match log {
            Platform => "/api/v1/audit?limit=100".to_owned(),
            Council => format!(
                "/api/v1/councils/{}/audit?limit=100",
                self.council
                    .as_deref()
                    .expect("a council to read the log of")
            ),
        }
    }

    async fn entries(&self, log: Log) -> Vec<Value> {
        let response = self.app.get(&self.reader, &self.path(log)).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", self.path(log));
        let page: Value = response.json().await.expect("json");
        page["items"].as_array().expect("items").clone()
    }

    async fn newest(&self, log: Log) -> i64 {
        let entries = self.entries(log).await;
        entries
            .iter()
            .filter_map(|e| e["seq"].as_i64())
            .max()
            .unwrap_or(0)
    }

    /// Finds the entry `op` must have left about `target` (a record's id; `None` for an import) among those
    /// written since the last check, checks who it names, and answers it.
    pub async fn check(&mut self, op: &'static str, target: Option<&str>) -> Value {
        let &(_, scenario, action, log) = WRITES
            .iter()
            .find(|(o, ..)| *o == op)
            .unwrap_or_else(|| panic!("{op} is not in the audit table"));
        assert_eq!(scenario, self.scenario, "{op} belongs to another scenario");
        let entries = self.entries(log).await;
        let since = self.seen.get(&log).copied().unwrap_or(0);
        let fresh: Vec<&Value> = entries
            .iter()
            .filter(|e| e["seq"].as_i64().is_some_and(|s| s > since))
            .collect();
        let entry = fresh
            .iter()
            .find(|e| {
                e["action"] == action && target.is_none_or(|t| e["target_id"].as_str() == Some(t))
            })
            .map(|e| (*e).clone())
            .unwrap_or_else(|| {
                panic!("{op}: no {action} entry about {target:?} in the {log:?} log since the last check: {fresh:#?}")
            });
        if let Some((kind, id)) = &self.caller {
            assert_eq!(entry["actor_kind"], kind.as_str(), "{op}: who: {entry}");
            assert_eq!(
                entry["actor_id"].as_str(),
                id.as_deref(),
                "{op}: who: {entry}"
            );
        }
        assert!(
            entry["request_id"].as_str().is_some_and(|r| !r.is_empty()),
            "{op}: the request: {entry}"
        );
        let newest = entries
            .iter()
            .filter_map(|e| e["seq"].as_i64())
            .max()
            .unwrap_or(since);
        self.seen.insert(log, newest);
        self.done.insert(op);
        entry
    }

    /// Every operation the table gives this scenario was checked.
    pub fn finish(self) {
        let mine: BTreeSet<&str> = WRITES
            .iter()
            .filter(|(_, s, ..)| *s == self.scenario)
            .map(|(op, ..)| *op)
            .collect();
        let unchecked: Vec<&&str> = mine.difference(&self.done).collect();
        assert!(
            unchecked.is_empty(),
            "{}: operations of the table never called and checked: {unchecked:?}",
            self.scenario
        );
    }
}

/// The body of a successful answer (any 2xx), or a failure naming `what`.
pub async fn ok(response: Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

/// The id and `ETag` of a created (or changed) record's answer (made from its `version` when the answer has
/// no `ETag`).
pub async fn written(response: Response, what: &str) -> (String, String) {
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = ok(response, what).await;
    let etag = etag.unwrap_or_else(|| format!("\"{}\"", body["version"]));
    let id = body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no id in {body}"))
        .to_owned();
    (id, etag)
}

/// The `ETag` of what `path` answers.
pub async fn etag(app: &TestApp, token: &str, path: &str) -> String {
    let response = app.get(token, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned()
}

/// The id of the user signed in with `token`.
pub async fn me(app: &TestApp, token: &str) -> String {
    let me = ok(app.get(token, "/api/v1/auth/me").await, "me").await;
    me["id"].as_str().expect("id").to_owned()
}
