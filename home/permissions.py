from wagtail.permission_policies import ModelPermissionPolicy

from home.models import Commune, Province


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Places come from the official list (`load_places`); the admin may only look at them."""

    writing_actions = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.writing_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - self.writing_actions)


province_policy = ReadOnlyPermissionPolicy(Province)
commune_policy = ReadOnlyPermissionPolicy(Commune)
