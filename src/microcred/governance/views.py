"""Pages of the governance path: proposals, the three-step wizard, review, timelines, authorization."""
