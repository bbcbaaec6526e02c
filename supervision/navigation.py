"""The service navigation: each app registers its own items from its AppConfig.ready(), so supervision never
imports the apps built on it. An item shows only to users its `is_allowed` accepts."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str
    is_allowed: Callable  # (user) -> bool
    order: int  # position in the bar, whatever order the apps load in
    is_home: bool = False  # the first page for a manager or a user with no case pages whom this item allows (home())


NAVIGATION: list[NavigationItem] = []


def register_navigation(*items: NavigationItem) -> None:
    NAVIGATION.extend(item for item in items if item not in NAVIGATION)
    NAVIGATION.sort(key=lambda item: item.order)
