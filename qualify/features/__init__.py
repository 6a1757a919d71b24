"""Backend-free ibis expressions over the as-of tables: what each person and account did.

`wide.daily_facts` turns the as-of events into one row per (person, item, UTC day), where an
item is a key feature, an intent signal, a marketing touch or a lifecycle event of the config;
`rollup.person_features` rolls those up in the engine to one row per person and `people` joins
traits and accounts. Scoring reads only that per-person table.
"""

from qualify.features.facts import Item, items
from qualify.features.people import person_frame

__all__ = ["Item", "items", "person_frame"]
