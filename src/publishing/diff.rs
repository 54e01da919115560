//! The difference between two revisions: each changed value with its JSON path.
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// One value that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = ValueChange)]
pub struct Change {
    /// A JSON Pointer (RFC 6901) into the content, e.g. `/translations/en/title`.
    pub path: String,
    /// The value in the older revision; absent when the value was added.
    pub from: Option<Value>,
    /// The value in the newer revision; absent when the value was removed.
    pub to: Option<Value>,
}

/// What changed from `old` to `new`: objects are compared key by key, arrays item by item.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    walk("", Some(old), Some(new), &mut changes);
    changes
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<Change>) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                walk(
                    &format!("{path}/{}", escape(key)),
                    a.get(key),
                    b.get(key),
                    out,
                );
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                walk(&format!("{path}/{i}"), a.get(i), b.get(i), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Change {
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            from: a.cloned(),
            to: b.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_changed_added_and_removed_values_with_their_paths() {
        let old = json!({"translations": {"en": {"title": "Bins", "summary": "Old"}}, "topics": ["a", "b"]});
        let new = json!({"translations": {"en": {"title": "Bins and recycling"}, "cy": {"title": "Biniau"}}, "topics": ["a"]});
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![
                Change {
                    path: "/topics/1".into(),
                    from: Some(json!("b")),
                    to: None
                },
                Change {
                    path: "/translations/cy".into(),
                    from: None,
                    to: Some(json!({"title": "Biniau"}))
                },
                Change {
                    path: "/translations/en/summary".into(),
                    from: Some(json!("Old")),
                    to: None
                },
                Change {
                    path: "/translations/en/title".into(),
                    from: Some(json!("Bins")),
                    to: Some(json!("Bins and recycling"))
                },
            ]
        );
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn escapes_keys_as_json_pointers() {
        let changes = diff(&json!({"a/b": 1}), &json!({"a/b": 2}));
        assert_eq!(changes[0].path, "/a~1b");
    }
}
