//! The paths the OpenAPI document describes, with their methods: what the router does not take is answered from
//! it (405 with `Allow` for a described path with another method, else 404), and the text rule lets such a request
//! through to that answer instead of judging its body.

/// The described paths: a request for one of them with another method is answered 405 with `Allow` (RFC 9110,
/// 15.5.6) instead of 404.
#[derive(Debug, Clone, Default)]
pub struct KnownPaths(Vec<(Vec<Option<String>>, Vec<&'static str>)>);

impl KnownPaths {
    pub fn of(api: &utoipa::openapi::OpenApi) -> Self {
        let mut known = Vec::new();
        for (template, item) in &api.paths.paths {
            let segments = template
                .split('/')
                .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                .collect();
            let methods: Vec<&'static str> = [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("PATCH", item.patch.is_some()),
            ]
            .into_iter()
            .filter_map(|(m, has)| has.then_some(m))
            .collect();
            known.push((segments, methods));
        }
        Self(known)
    }

    /// The methods of the most specific described path that `path` matches (the one with the most fixed
    /// segments); `None` when it matches none.
    pub fn methods_of(&self, path: &str) -> Option<&[&'static str]> {
        let parts: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(s, p)| match s {
                        Some(fixed) => fixed == p,
                        None => !p.is_empty(),
                    })
            })
            .max_by_key(|(segments, _)| segments.iter().filter(|s| s.is_some()).count())
            .map(|(_, methods)| methods.as_slice())
    }
}
