from procedures.roles import Role, user_roles


def roles(request):
    """Expose the user's roles to templates so navigation shows only what the user may use."""
    held = user_roles(request.user) if hasattr(request, "user") else set()
    return {
        "user_roles": held,
        "is_reception": Role.RECEPTION in held,
        "is_reform_officer": Role.REFORM_OFFICER in held,
        "is_leader": Role.LEADER in held,
        "is_administrator": Role.ADMINISTRATOR in held,
    }
