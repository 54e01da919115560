//! Web content: publishing workflow, revisions, concurrency, soft delete, paths and redirects, Welsh, preview, scheduling, tenancy, and query cost.
