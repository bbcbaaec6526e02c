"""Reference data every installation needs, loaded by `manage.py load_reference_data` (and by `seed_demo`).

Each app registers its loaders from its AppConfig.ready() (supervision: the catalogue of contact types,
licence conditions and risk flags, bank holidays and the default contact rules; mappa: the agencies), so
this package never imports the apps built on supervision. Every loader matches existing rows by a natural
key, so loading twice changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class ReferenceDataLoader:
    name: str
    load: Callable[[], None]
    order: int  # loaders run in this order: later ones may refer to rows earlier ones create


LOADERS: list[ReferenceDataLoader] = []


def register_reference_data(*loaders: ReferenceDataLoader) -> None:
    LOADERS.extend(loader for loader in loaders if loader not in LOADERS)
    LOADERS.sort(key=lambda loader: loader.order)


@transaction.atomic
def load_reference_data() -> None:
    for loader in LOADERS:
        loader.load()
