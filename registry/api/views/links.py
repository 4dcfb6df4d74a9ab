"""PUT/DELETE links from API specification and information standard versions to standard versions."""

from ... import services
from .base import RegistryView


class LinkView(RegistryView):
    """Configured per route: which owner, which relation, which item (see urls.py)."""

    owner_model = None
    owner_kwarg = owner_name = ""
    relation = ""
    item_model = None
    item_kwarg = item_name = ""

    def _owner_and_item(self):
        owner = self.object_for(self.owner_kwarg, self.owner_model.objects.all(), name=self.owner_name)
        item = self.object_for(self.item_kwarg, self.item_model.objects.all(), name=self.item_name)
        return owner, item

    def put(self, request, **kwargs):
        owner, item = self._owner_and_item()
        services.link_standard_version(owner, self.relation, item, by=self.actor)
        return self.no_content()

    def delete(self, request, **kwargs):
        owner, item = self._owner_and_item()
        services.unlink_standard_version(owner, self.relation, item, by=self.actor)
        return self.no_content()
