//! Public feeds: an Atom feed of published decisions and iCalendar feeds of meetings.
pub mod rest;
