"""Transition-risk models: carbon cost, electricity prices, PUE policy and market shifts."""
