"""Who may do what with accounts and the audit trail."""

from konbit.accounts import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # The audit trail: mission_admin reads it all but oversight's; oversight reads
    # oversight's only (see core.policies.AuditEntryPolicy).
    # "auth.view_group": the "Who sees what" page (core.policies.RolePolicy).
    roles.MISSION_ADMIN: [
        "core.view_auditentry",
        "core.view_importrun",
        "accounts.view_user",
        "auth.view_group",
    ],
    roles.OVERSIGHT_OFFICER: ["core.view_oversight_auditentry"],
}
