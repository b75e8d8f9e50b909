"""Who may do what with accounts and the audit trail."""

from konbit.accounts import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # The audit trail: mission_admin reads it all but oversight's; oversight reads
    # oversight's only (see core.policies.AuditEntryPolicy).
    # "auth.view_group": the "Who sees what" page (core.policies.RolePolicy).
    # mission_admin also reads and revokes anyone's API tokens (a lost laptop's key);
    # everyone else their own (see accounts.policies.ApiTokenPolicy).
    roles.MISSION_ADMIN: [
        "core.view_auditentry",
        "core.view_importrun",
        "accounts.view_user",
        "auth.view_group",
        "accounts.view_apitoken",
        "accounts.delete_apitoken",
    ],
    roles.OVERSIGHT_OFFICER: ["core.view_oversight_auditentry"],
}
