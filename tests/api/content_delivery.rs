//! The REST delivery API, alerts, menus, news, the national directory and the Local Links export.
