"""Date and number formats per language (`FORMAT_MODULE_PATH`): Dutch pages write 27-12-2025 and
7.569, English pages 27 Dec 2025 and 7,569, whichever language the data came in."""
