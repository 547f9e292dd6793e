"""The strategy engine: the rulebook, facts, the decision, tiers and the study plan."""
