"""Physical-risk vulnerability models: flood, heat, water and sea level."""
