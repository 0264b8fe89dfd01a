"""Transition-risk models: carbon cost, electricity prices, policy and market shifts."""
