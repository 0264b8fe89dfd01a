"""Real estate: buildings by floor area and occupancy."""
