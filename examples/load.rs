//! The load run of the benchmark (see BENCHMARKS.md): concurrent clients replay read requests against a running
//! Townhall on this machine for a fixed time, then print throughput and latency percentiles per scenario.
//!
//! `cargo run --release --example load -- http://127.0.0.1:18181 demo-cardiff 20 8`
//! (base URL, council slug, seconds per scenario, concurrent clients). Loopback only; bounded in time.
use std::time::{Duration, Instant};

use serde_json::json;

struct Scenario {
    name: &'static str,
    method_post: bool,
    path: String,
    body: Option<serde_json::Value>,
}

fn scenarios(council: &str) -> Vec<Scenario> {
    vec![
        Scenario {
            name: "GET /healthz",
            method_post: false,
            path: "/healthz".into(),
            body: None,
        },
        Scenario {
            name: "GraphQL 50 councillors with seats",
            method_post: true,
            path: "/graphql".into(),
            body: Some(
                json!({"query": format!("{{ council(slug: \"{council}\") {{ councillors(first: 50) {{ edges {{ node {{ displayName seats {{ ward {{ name }} party {{ name }} }} }} }} }} }} }}")}),
            ),
        },
        Scenario {
            name: "GraphQL 20 meetings with agendas",
            method_post: true,
            path: "/graphql".into(),
            body: Some(
                json!({"query": format!("{{ council(slug: \"{council}\") {{ meetings(first: 20, from: \"2026-01-01\") {{ edges {{ node {{ start status agendaDueBy agendaCompliance committee {{ name }} agenda {{ orderLabel title exempt }} }} }} }} }} }}")}),
            ),
        },
        Scenario {
            name: "GraphQL route + page with bodyHtml",
            method_post: true,
            path: "/graphql".into(),
            body: Some(
                json!({"query": format!("{{ council(slug: \"{council}\") {{ route(path: \"/bins-and-recycling-1/guide-2\") {{ kind statusCode page {{ title path bodyHtml parent {{ title path }} topics {{ name }} }} }} alerts(path: \"/bins-and-recycling-1/guide-2\") {{ title }} menu(name: \"main\") {{ items {{ label url }} }} }} }}")}),
            ),
        },
        Scenario {
            name: "GraphQL 50 pages with parents and topics",
            method_post: true,
            path: "/graphql".into(),
            body: Some(
                json!({"query": format!("{{ council(slug: \"{council}\") {{ allPages(first: 50) {{ totalCount edges {{ node {{ title path parent {{ title }} topics {{ name }} }} }} }} }} }}")}),
            ),
        },
        Scenario {
            name: "GET delivery services?lgsl=1152",
            method_post: false,
            path: format!("/delivery/v1/councils/{council}/services?lgsl=1152"),
            body: None,
        },
        Scenario {
            name: "GET directory entries near a point",
            method_post: false,
            path: format!(
                "/delivery/v1/councils/{council}/directories/places/entries?near=51.4816,-3.1791&radius=2000&facets=facilities:wifi"
            ),
            body: None,
        },
        Scenario {
            name: "GET Open Referral UK services (first 50)",
            method_post: false,
            path: format!("/delivery/v1/councils/{council}/openreferral/services"),
            body: None,
        },
        Scenario {
            name: "GET meetings.ics",
            method_post: false,
            path: format!("/feeds/{council}/meetings.ics"),
            body: None,
        },
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:18181".into());
    let council = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "demo-cardiff".into());
    let seconds: u64 = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .min(120);
    let clients: usize = args
        .get(4)
        .and_then(|s| s.parse().ok())
        .unwrap_or(8)
        .clamp(1, 64);
    assert!(
        base.starts_with("http://127.") || base.starts_with("http://localhost"),
        "load runs only against this machine"
    );
    let client = reqwest::Client::new();
    println!("| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for scenario in scenarios(&council) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let client = client.clone();
            let url = format!("{base}{}", scenario.path);
            let body = scenario.body.clone();
            let post = scenario.method_post;
            tasks.push(tokio::spawn(async move {
                let (mut times, mut errors) = (Vec::new(), 0u64);
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let request = if post {
                        client.post(&url).json(&body)
                    } else {
                        client.get(&url)
                    };
                    match request.send().await {
                        Ok(r) if r.status().is_success() => {
                            let ok = r.bytes().await.is_ok();
                            times.push(t.elapsed());
                            if !ok {
                                errors += 1;
                            }
                        }
                        _ => errors += 1,
                    }
                }
                (times, errors)
            }));
        }
        let (mut all, mut errors) = (Vec::new(), 0);
        for task in tasks {
            if let Ok((times, e)) = task.await {
                all.extend(times);
                errors += e;
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        all.sort();
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        println!(
            "| {} | {} | {} | {:.0} | {} | {} | {} |",
            scenario.name,
            all.len(),
            errors,
            all.len() as f64 / elapsed,
            ms(percentile(&all, 0.50)),
            ms(percentile(&all, 0.95)),
            ms(percentile(&all, 0.99)),
        );
    }
}
