"""The plan's pages, one module per sub-area. Everyone in the organisation reads them;
coordinators and administrators change them; budget holders plan the actions of their own
department."""
