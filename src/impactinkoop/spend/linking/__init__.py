"""Linking ledger suppliers to register companies: matching and decisions (`links`), the review
queue of proposals ordered by spend (`review`) and the engine's reasons in the reader's language
(`reasons`)."""
