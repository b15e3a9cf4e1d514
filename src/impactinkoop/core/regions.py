"""The 35 labour-market regions (arbeidsmarktregio's); SROI rules and local spend follow them."""

LABOUR_MARKET_REGIONS = [
    "Achterhoek", "Amersfoort", "Drechtsteden", "Drenthe", "Flevoland", "Food Valley",
    "Friesland", "Gooi en Vechtstreek", "Gorinchem", "Groningen", "Groot Amsterdam",
    "Haaglanden", "Helmond-De Peel", "Holland-Rijnland", "IJsselvechtstreek", "Midden-Brabant",
    "Midden-Gelderland", "Midden-Holland", "Midden-Limburg", "Midden-Utrecht",
    "Noord-Holland Noord", "Noord-Limburg", "Noordoost-Brabant", "Rijk van Nijmegen", "Rijnmond",
    "Rivierenland", "Stedendriehoek en Noordwest Veluwe", "Twente", "West-Brabant",
    "Zaanstreek/Waterland", "Zeeland", "Zuid-Holland Centraal", "Zuid-Kennemerland en IJmond",
    "Zuid-Limburg", "Zuidoost-Brabant",
]

LABOUR_MARKET_REGION_CHOICES = [(name, name) for name in LABOUR_MARKET_REGIONS]
