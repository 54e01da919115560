//! Small public formats written by more than one feature: Atom feeds and iCalendar files.
pub mod atom;
pub mod ical;
