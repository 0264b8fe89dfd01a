"""Power generation: plants, fuels and tariffs."""
