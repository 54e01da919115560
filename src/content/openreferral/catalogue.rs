//! A council's Open Referral catalogue, built from what it has published: its services and directory entries as
//! services, the taxonomies they are classified by (LGSL, LGIL, topics, directories and each directory's facet
//! groups) and the council as their organization. Built per request from the live rows (a few thousand at most, in
//! one read); answers carry an ETag and may be cached by a CDN for a minute, as the rest of the delivery API.
use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    OrukAccessibility, OrukAddress, OrukLocation, OrukLocationFull, OrukOrganization,
    OrukOrganizationIdentifier, OrukPhone, OrukSchedule, OrukService, OrukServiceArea,
    OrukServiceAtLocation, OrukServiceFull, OrukStatus, OrukTaxonomy, OrukTaxonomyTerm, hours,
    model::{national_id, part_id, plain_email, plain_url},
};
use crate::{
    content::{
        blocks::blocks_text,
        delivery::{self, Mode, directory::DIRECTORY_SCAN},
        kinds::{
            ContentKind,
            directory::{
                channel::DirectoryDoc,
                entry::{Ages, DirectoryEntryDoc},
            },
            service::{ServiceDoc, ServiceState},
            topic::TopicDoc,
        },
        tables::live,
    },
    publishing::PublishingError,
    tenancy::{Nation, Tenant, model::Model as Council, scoped},
};

/// Most live rows one catalogue reads (both locales of every service, entry, directory and topic).
const MAX_ROWS: u64 = 4 * DIRECTORY_SCAN;
/// Longest description made from a body's text, in characters.
const MAX_DESCRIPTION: usize = 2000;

/// One service with what its filters need. Its attributes are made when it is answered in full (`Catalogue::full`),
/// so that a list need not make every service's.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The service, its `attributes` still empty.
    pub full: OrukServiceFull,
    /// The terms it is classified by, as places in the catalogue's `terms`.
    pub terms: Vec<usize>,
    /// The venue's postcode, for services at a location.
    pub postcode: Option<String>,
}

/// Everything a council publishes in Open Referral.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub organization: OrukOrganization,
    /// By name.
    pub services: Vec<Listed>,
    pub taxonomies: Vec<OrukTaxonomy>,
    pub terms: Vec<OrukTaxonomyTerm>,
    /// The London date the catalogue was read on: the schedules valid then are the ones time filters use.
    pub today: NaiveDate,
}

fn nation_name(nation: Nation) -> &'static str {
    match nation {
        Nation::England => "England",
        Nation::Wales => "Wales",
        Nation::Scotland => "Scotland",
        Nation::NorthernIreland => "Northern Ireland",
    }
}

fn geography(gss: Option<&str>) -> Option<String> {
    gss.map(|code| format!("http://statistics.data.gov.uk/id/statistical-geography/{code}"))
}

/// A description: the summary, or the start of the body's text.
fn description(summary: Option<&str>, body: &[crate::content::blocks::Block]) -> Option<String> {
    if let Some(summary) = summary.filter(|s| !s.trim().is_empty()) {
        return Some(summary.to_owned());
    }
    let text = blocks_text(body);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| text.chars().take(MAX_DESCRIPTION).collect())
}

/// The taxonomies and their terms, with a lookup of terms by what they classify.
#[derive(Default)]
struct Terms {
    taxonomies: Vec<OrukTaxonomy>,
    terms: Vec<OrukTaxonomyTerm>,
    by_key: HashMap<String, usize>,
}

impl Terms {
    fn taxonomy(&mut self, taxonomy: &OrukTaxonomy) {
        self.taxonomies.push(taxonomy.clone());
    }

    #[allow(clippy::too_many_arguments)]
    fn term(
        &mut self,
        key: String,
        id: Uuid,
        taxonomy: &OrukTaxonomy,
        name: String,
        description: String,
        code: Option<String>,
        term_uri: Option<String>,
    ) {
        if self.by_key.contains_key(&key) {
            return;
        }
        self.by_key.insert(key, self.terms.len());
        self.terms.push(OrukTaxonomyTerm {
            id,
            name,
            description,
            code,
            taxonomy: taxonomy.name.clone(),
            taxonomy_id: taxonomy.id,
            term_uri: term_uri.and_then(|u| plain_url(Some(&u))),
        });
    }

    /// The terms `keys` name (by their place in `terms`), each once: what an item is classified by.
    fn classify(&self, keys: impl IntoIterator<Item = String>) -> Vec<usize> {
        let mut seen = HashSet::new();
        keys.into_iter()
            .filter_map(|key| self.by_key.get(&key).copied())
            .filter(|n| seen.insert(*n))
            .collect()
    }
}

/// A published item as the catalogue reads it: its document is read straight from the stored text into its kind's
/// shape.
struct Item {
    id: Uuid,
    kind: String,
    title: String,
    path: Option<String>,
    published_at: DateTime<Utc>,
    data: String,
}

/// The council's published services, directory entries, directories and topics, each in `locale` where it has
/// it (else English).
async fn published(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
) -> Result<Vec<Item>, PublishingError> {
    let kinds = [
        ContentKind::Service,
        ContentKind::DirectoryEntry,
        ContentKind::Directory,
        ContentKind::Topic,
    ];
    let rows = scoped::<live::Entity>(tenant)
        .filter(live::Column::Kind.is_in(kinds.map(ContentKind::as_str)))
        .filter(live::Column::Locale.is_in([locale, "en"]))
        .order_by_asc(live::Column::ItemId)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let mut chosen: HashMap<Uuid, live::Model> = HashMap::new();
    for row in rows {
        let better = chosen
            .get(&row.item_id)
            .is_none_or(|held| held.locale != locale);
        if better {
            chosen.insert(row.item_id, row);
        }
    }
    if chosen.len() as u64 >= MAX_ROWS / 2 {
        tracing::warn!(council = %tenant.id(), rows = chosen.len(), "Open Referral catalogue near its size limit");
    }
    Ok(chosen
        .into_values()
        .map(|row| Item {
            id: row.item_id,
            kind: row.kind,
            title: row.title,
            path: row.path,
            published_at: row.published_at,
            data: row.data,
        })
        .collect())
}

/// The council's catalogue, in `locale`.
pub async fn load(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    council: &Council,
    locale: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Catalogue, PublishingError> {
    let items = published(tenant, db, locale).await?;
    let alerts = delivery::service_status(tenant, db, Mode::Live, locale, None, now).await?;
    let today = now.with_timezone(&London).date_naive();
    let page_url = |path: Option<&str>| plain_url(tenant.page_url(path?).as_deref());
    let nation = nation_name(tenant.nation());
    let area = geography(council.gss_code.as_deref());

    let organization = OrukOrganization {
        id: council.id,
        name: council.name.clone(),
        description: format!(
            "{}, a local council in {nation}: the services it runs and the places and organisations its \
             directories list.",
            council.name
        ),
        website: plain_url(council.website_url.as_deref()),
        organization_identifiers: council
            .gss_code
            .iter()
            .map(|code| OrukOrganizationIdentifier {
                id: part_id(council.id, "identifier/gss"),
                organization_id: council.id,
                identifier_type: "ONS GSS code".to_owned(),
                identifier: code.clone(),
            })
            .collect(),
    };

    let mut services: Vec<(ServiceDoc, Item)> = Vec::new();
    let mut entries: Vec<(DirectoryEntryDoc, Item)> = Vec::new();
    let mut channels: Vec<(DirectoryDoc, Item)> = Vec::new();
    let mut topics: Vec<(TopicDoc, Item)> = Vec::new();
    // One document that cannot be read leaves the catalogue (and is logged); the rest is still served.
    fn read<T: serde::de::DeserializeOwned>(d: &Item) -> Option<T> {
        serde_json::from_str(&d.data)
            .inspect_err(|e| tracing::error!(item = %d.id, error = %e, "live document unreadable"))
            .ok()
    }
    for d in items {
        match ContentKind::parse(&d.kind) {
            Some(ContentKind::Service) => services.extend(read(&d).map(|doc| (doc, d))),
            Some(ContentKind::DirectoryEntry) => entries.extend(read(&d).map(|doc| (doc, d))),
            Some(ContentKind::Directory) => channels.extend(read(&d).map(|doc| (doc, d))),
            Some(ContentKind::Topic) => topics.extend(read(&d).map(|doc| (doc, d))),
            _ => {}
        }
    }
    let by_title = |a: &Item, b: &Item| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.id.cmp(&b.id))
    };
    channels.sort_by(|a, b| by_title(&a.1, &b.1));
    topics.sort_by(|a, b| by_title(&a.1, &b.1));

    // The taxonomies: the national lists first, then the council's own.
    let mut terms = Terms::default();
    let lgsl = OrukTaxonomy {
        id: national_id("taxonomy/lgsl"),
        name: "LGSL".to_owned(),
        description: "The Local Government Services List: the national list of the services councils provide."
            .to_owned(),
        uri: Some("http://id.esd.org.uk/list/services".to_owned()),
    };
    let lgil = OrukTaxonomy {
        id: national_id("taxonomy/lgil"),
        name: "LGIL".to_owned(),
        description: "The Local Government Interactions List: the national list of the ways residents deal with \
                      a service (apply, pay, report, find out)."
            .to_owned(),
        uri: Some("http://id.esd.org.uk/list/interactions".to_owned()),
    };
    let topic_taxonomy = OrukTaxonomy {
        id: part_id(council.id, "taxonomy/topics"),
        name: "Topics".to_owned(),
        description: format!(
            "The topics {}'s website groups its content by.",
            council.name
        ),
        uri: None,
    };
    let directory_taxonomy = OrukTaxonomy {
        id: part_id(council.id, "taxonomy/directories"),
        name: "Directories".to_owned(),
        description: format!(
            "The directories {} lists places and organisations in.",
            council.name
        ),
        uri: None,
    };
    let lgsl_codes: BTreeSet<u32> = services.iter().flat_map(|(s, _)| s.lgsl.clone()).collect();
    let lgil_codes: BTreeSet<u32> = services.iter().flat_map(|(s, _)| s.lgil.clone()).collect();
    if !lgsl_codes.is_empty() {
        terms.taxonomy(&lgsl);
        for code in lgsl_codes {
            terms.term(
                format!("lgsl/{code}"),
                national_id(&format!("lgsl/{code}")),
                &lgsl,
                format!("LGSL {code}"),
                format!("Local Government Services List service {code}"),
                Some(code.to_string()),
                Some(format!("http://id.esd.org.uk/service/{code}")),
            );
        }
    }
    if !lgil_codes.is_empty() {
        terms.taxonomy(&lgil);
        for code in lgil_codes {
            terms.term(
                format!("lgil/{code}"),
                national_id(&format!("lgil/{code}")),
                &lgil,
                format!("LGIL {code}"),
                format!("Local Government Interactions List interaction {code}"),
                Some(code.to_string()),
                Some(format!("http://id.esd.org.uk/interaction/{code}")),
            );
        }
    }
    if !topics.is_empty() {
        let t = &topic_taxonomy;
        terms.taxonomy(t);
        for (topic, d) in &topics {
            terms.term(
                format!("topic/{}", d.id),
                d.id,
                t,
                topic.name.clone(),
                topic
                    .description
                    .clone()
                    .unwrap_or_else(|| topic.name.clone()),
                Some(topic.slug.clone()),
                page_url(d.path.as_deref()),
            );
        }
    }
    if !channels.is_empty() {
        let t = &directory_taxonomy;
        terms.taxonomy(t);
        for (channel, d) in &channels {
            terms.term(
                format!("directory/{}", d.id),
                d.id,
                t,
                d.title.clone(),
                channel.summary.clone().unwrap_or_else(|| d.title.clone()),
                Some(channel.slug.clone()),
                page_url(d.path.as_deref()),
            );
        }
    }
    for (channel, d) in &channels {
        for group in &channel.facet_groups {
            let taxonomy = OrukTaxonomy {
                id: part_id(d.id, &format!("taxonomy/facet/{}", group.key)),
                name: format!("{}: {}", d.title, group.name),
                description: format!("The {} of the {} directory.", group.name, d.title),
                uri: None,
            };
            terms.taxonomy(&taxonomy);
            for value in &group.values {
                let key = format!("facet/{}/{}/{}", d.id, group.key, value.key);
                terms.term(
                    key,
                    part_id(d.id, &format!("facet/{}/{}", group.key, value.key)),
                    &taxonomy,
                    value.name.clone(),
                    format!("{}: {}", group.name, value.name),
                    Some(value.key.clone()),
                    None,
                );
            }
        }
    }

    let mut alerts_of: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (alert, _) in &alerts {
        for service in &alert.services {
            alerts_of
                .entry(*service)
                .or_default()
                .push(format!("{}: {}", alert.title, alert.message));
        }
    }
    let summary = |d: &Item, description: Option<String>, url, email, alert, ages: Option<Ages>| {
        OrukService {
            id: d.id,
            organization_id: council.id,
            name: d.title.clone(),
            description,
            url,
            email,
            status: OrukStatus::Active,
            minimum_age: ages.and_then(|a| a.minimum),
            maximum_age: ages.and_then(|a| a.maximum),
            alert,
            last_modified: d.published_at,
            organization: organization.clone(),
        }
    };
    let phone = |id: Uuid, key: &str, number: &Option<String>, description: Option<&str>| {
        number
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| OrukPhone {
                id: part_id(id, key),
                service_id: id,
                number: n.to_owned(),
                description: description.map(str::to_owned),
            })
    };

    let mut listed = Vec::new();
    for (s, d) in &services {
        let mut alert: Vec<String> = Vec::new();
        if s.status != ServiceState::Normal
            && let Some(message) = &s.status_message
        {
            alert.push(message.clone());
        }
        alert.extend(alerts_of.get(&d.id).cloned().unwrap_or_default());
        let contact = s.contact.clone().unwrap_or_default();
        let classified = terms.classify(
            s.lgsl
                .iter()
                .map(|code| format!("lgsl/{code}"))
                .chain(s.lgil.iter().map(|code| format!("lgil/{code}")))
                .chain(s.topics.iter().map(|topic| format!("topic/{topic}"))),
        );
        let schedules: Vec<OrukSchedule> = contact
            .opening_hours
            .iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| OrukSchedule {
                id: part_id(d.id, "schedule/text"),
                service_id: d.id,
                service_at_location_id: None,
                valid_from: None,
                valid_to: None,
                freq: None,
                interval: None,
                byday: None,
                opens_at: None,
                closes_at: None,
                description: Some(h.clone()),
                notes: None,
            })
            .collect();
        listed.push(Listed {
            full: OrukServiceFull {
                service: summary(
                    d,
                    description(s.summary.as_deref(), &s.body),
                    page_url(d.path.as_deref()),
                    plain_email(contact.email.as_deref()),
                    (!alert.is_empty()).then(|| alert.join("\n\n")),
                    None,
                ),
                schedules,
                service_areas: vec![OrukServiceArea {
                    id: part_id(d.id, "service_area"),
                    service_id: d.id,
                    name: council.name.clone(),
                    uri: area.clone(),
                }],
                service_at_locations: Vec::new(),
                phones: [
                    phone(d.id, "phone", &contact.phone, None),
                    phone(
                        d.id,
                        "phone/textphone",
                        &contact.textphone,
                        Some("Textphone"),
                    ),
                ]
                .into_iter()
                .flatten()
                .collect(),
                attributes: Vec::new(),
            },
            terms: classified,
            postcode: None,
        });
    }
    for (e, d) in &entries {
        let contact = e.contact.clone().unwrap_or_default();
        let facets = e.facets.iter().flat_map(|(group, values)| {
            values.iter().flat_map(move |value| {
                e.channels
                    .iter()
                    .map(move |channel| format!("facet/{channel}/{group}/{value}"))
            })
        });
        let classified = terms.classify(
            e.channels
                .iter()
                .map(|channel| format!("directory/{channel}"))
                .chain(facets)
                .chain(e.topics.iter().map(|topic| format!("topic/{topic}"))),
        );
        let mut schedules = Vec::new();
        let mut at_locations = Vec::new();
        if let Some(venue) = &e.venue {
            let at = part_id(d.id, "service_at_location");
            let location_id = part_id(d.id, "location");
            let lines: Vec<&str> = venue
                .address
                .lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            let address_1 = if lines.is_empty() {
                d.title.clone()
            } else {
                lines.join(", ")
            };
            at_locations.push(OrukServiceAtLocation {
                id: at,
                service_id: d.id,
                location_id,
                location: OrukLocationFull {
                    location: OrukLocation {
                        id: location_id,
                        location_type: "physical".to_owned(),
                        name: d.title.clone(),
                        description: None,
                        latitude: venue.latitude,
                        longitude: venue.longitude,
                        external_identifier: venue.uprn.map(|u| u.to_string()),
                        external_identifier_type: venue.uprn.map(|_| "UPRN".to_owned()),
                    },
                    addresses: vec![OrukAddress {
                        id: part_id(d.id, "address"),
                        location_id,
                        address_1,
                        city: venue.address.town.clone(),
                        state_province: nation.to_owned(),
                        postal_code: venue.address.postcode.clone(),
                        country: "GB".to_owned(),
                        address_type: "physical".to_owned(),
                    }],
                    accessibility: e
                        .accessibility
                        .iter()
                        .filter(|a| !a.trim().is_empty())
                        .map(|a| OrukAccessibility {
                            id: part_id(d.id, "accessibility"),
                            location_id,
                            description: a.clone(),
                        })
                        .collect(),
                },
            });
            if let Some(hours) = &venue.opening_hours {
                schedules = hours::schedules(d.id, at, hours, today);
            }
        }
        let url = plain_url(contact.website.as_deref()).or_else(|| page_url(d.path.as_deref()));
        listed.push(Listed {
            full: OrukServiceFull {
                service: summary(
                    d,
                    description(e.summary.as_deref(), &e.body),
                    url,
                    plain_email(contact.email.as_deref()),
                    None,
                    e.ages,
                ),
                schedules,
                service_areas: Vec::new(),
                service_at_locations: at_locations,
                phones: phone(d.id, "phone", &contact.phone, None)
                    .into_iter()
                    .collect(),
                attributes: Vec::new(),
            },
            terms: classified,
            postcode: e.venue.as_ref().map(|v| v.address.postcode.clone()),
        });
    }
    listed.sort_by(|a, b| {
        let (a, b) = (&a.full.service, &b.full.service);
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(Catalogue {
        organization,
        services: listed,
        taxonomies: terms.taxonomies,
        terms: terms.terms,
        today,
    })
}
