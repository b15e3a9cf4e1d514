"""Name normalisation and matching of company names; plain Python, no Django imports."""
