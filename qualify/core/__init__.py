"""Value types shared by every stage: events, clock and ids."""
