//! The UK calendar every feature shares: London time and the bank holidays of each nation.
pub mod bounds;
pub mod holidays;
pub mod london;
