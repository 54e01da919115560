//! The objects of the Open Referral UK API, named and shaped as its JSON Schemas give them (`Oruk` names them
//! apart from Townhall's own objects in the API description). Optional fields are left out rather than sent as
//! null; lists in the one-to-one ("list") forms leave out their one-to-many parts, as the standard's list schemas do.
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What this API is: the HSDS version and the profile it follows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukApiInfo {
    /// The HSDS version: `3.0`.
    pub version: String,
    /// The profile of HSDS this API follows (the Open Referral UK profile).
    #[schema(format = "uri")]
    pub profile: String,
    /// The API description that defines this API.
    #[schema(format = "uri")]
    pub openapi_url: String,
}

/// The council: the organization that provides every service here.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukOrganization {
    /// The council's own id.
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// The council's website.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organization_identifiers: Vec<OrukOrganizationIdentifier>,
}

/// A third party's identifier of the council (its ONS GSS code).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukOrganizationIdentifier {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub identifier_type: String,
    pub identifier: String,
}

/// The council with its services (their one-to-one fields).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukOrganizationFull {
    #[serde(flatten)]
    pub organization: OrukOrganization,
    pub services: Vec<OrukService>,
}

/// Whether a service runs. Published content is always `active`; a service running with limits says so in
/// `alert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrukStatus {
    Active,
}

/// A service: one of the council's services or one entry of its directories (its one-to-one fields).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukService {
    /// The Townhall item's own id.
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its page on the council's website (when the council has set its website), or the entry's own website.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Email)]
    pub email: Option<String>,
    pub status: OrukStatus,
    /// Who it is for: the lowest age, in years (directory entries that give one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u32>,
    /// Who it is for: the highest age, in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u32>,
    /// What residents should know now: the service's status message and the service status alerts showing now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// When this version was published.
    pub last_modified: DateTime<Utc>,
    pub organization: OrukOrganization,
}

/// A service with everything about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukServiceFull {
    #[serde(flatten)]
    pub service: OrukService,
    pub schedules: Vec<OrukSchedule>,
    pub service_areas: Vec<OrukServiceArea>,
    pub service_at_locations: Vec<OrukServiceAtLocation>,
    /// Its phone numbers (HSDS 3.0's `phones`).
    pub phones: Vec<OrukPhone>,
    pub attributes: Vec<OrukAttribute>,
}

/// When a service or location is open: an RFC 5545 weekly rule with opening and closing times (London wall-clock
/// times, `HH:MM`), valid between two dates when it is seasonal or for one date; or a description alone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukSchedule {
    pub id: Uuid,
    pub service_id: Uuid,
    /// Set when these are the hours of the service at one location (a directory entry's venue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// `WEEKLY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    /// Days of the week, comma separated (`MO,TU,WE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The area a council service is for: the council's own area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukServiceArea {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    /// The area's statistical geography (ONS GSS code) as a URI, when the council has a GSS code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// A phone number.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukPhone {
    pub id: Uuid,
    pub service_id: Uuid,
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A service offered at a location (a directory entry at its venue).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukServiceAtLocation {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: OrukLocationFull,
}

/// A service at a location in a list: the location's one-to-one fields and the service's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukServiceAtLocationSummary {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: OrukLocation,
    pub service: OrukService,
}

/// A service at a location with everything about both.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukServiceAtLocationFull {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: OrukLocationFull,
    pub service: OrukServiceFull,
}

/// Where a service is offered, by WGS 84 coordinates and, when known, its UPRN.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukLocation {
    pub id: Uuid,
    /// `physical`.
    pub location_type: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// The Unique Property Reference Number, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
    /// `UPRN` when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier_type: Option<String>,
}

/// A location with its address and accessibility.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukLocationFull {
    #[serde(flatten)]
    pub location: OrukLocation,
    pub addresses: Vec<OrukAddress>,
    pub accessibility: Vec<OrukAccessibility>,
}

/// A postal address in the UK (`country` is `GB`; `state_province` is the nation).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukAddress {
    pub id: Uuid,
    pub location_id: Uuid,
    /// The lines before the town (building and street), joined by commas.
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    /// `physical`.
    pub address_type: String,
}

/// How people with disabilities can reach and use a location.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukAccessibility {
    pub id: Uuid,
    pub location_id: Uuid,
    pub description: String,
}

/// A classification of a service: the link between the service and a taxonomy term.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukAttribute {
    pub id: Uuid,
    /// The service's id.
    pub link_id: Uuid,
    /// `service`.
    pub link_entity: String,
    pub taxonomy_term_id: Uuid,
    pub taxonomy_term: OrukTaxonomyTerm,
}

/// A term of a taxonomy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukTaxonomyTerm {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// The term's code in its taxonomy (an LGSL code, a facet value's key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The taxonomy's name.
    pub taxonomy: String,
    pub taxonomy_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub term_uri: Option<String>,
}

/// A taxonomy the council's services are classified by: the national LGSL and LGIL lists, the council's topics,
/// its directories, and each directory's facet groups.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrukTaxonomy {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub uri: Option<String>,
}

/// Declares a page of a list in the shape the API description's `Page` gives.
macro_rules! page {
    ($name:ident, $item:ty, $what:literal) => {
        #[doc = concat!("A page of ", $what, ".")]
        #[derive(Debug, Clone, Serialize, ToSchema)]
        pub struct $name {
            /// How many match, on every page.
            pub total_items: u64,
            pub total_pages: u64,
            /// This page's number, from 1.
            pub page_number: u64,
            /// How many are on this page.
            pub size: u64,
            pub first_page: bool,
            pub last_page: bool,
            /// True when nothing matches.
            pub empty: bool,
            pub contents: Vec<$item>,
        }

        impl $name {
            pub fn of(all: Vec<$item>, paging: super::model::Paging) -> Self {
                let (total_items, total_pages, contents) = paging.cut(all);
                Self {
                    total_items,
                    total_pages,
                    page_number: paging.page,
                    size: contents.len() as u64,
                    first_page: paging.page == 1,
                    last_page: paging.page >= total_pages,
                    empty: total_items == 0,
                    contents,
                }
            }
        }
    };
}

page!(OrukServicePage, OrukService, "services");
page!(
    OrukServiceAtLocationPage,
    OrukServiceAtLocationSummary,
    "services at locations"
);
page!(OrukOrganizationPage, OrukOrganization, "organizations");
page!(OrukTaxonomyPage, OrukTaxonomy, "taxonomies");
page!(OrukTaxonomyTermPage, OrukTaxonomyTerm, "taxonomy terms");
