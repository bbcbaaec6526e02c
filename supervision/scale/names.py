"""Invented names, places and words for generated rows. Nothing here is a real person or address."""

FIRST_NAMES = [
    "Aaron", "Adam", "Bradley", "Callum", "Carl", "Connor", "Craig", "Dale", "Darren", "Dean", "Declan", "Ellis",
    "Gary", "Jamie", "Jason", "Jordan", "Kai", "Kieran", "Lee", "Lewis", "Liam", "Marcus", "Mark", "Nathan", "Neil",
    "Owen", "Paul", "Reece", "Rhys", "Ryan", "Scott", "Sean", "Shane", "Stuart", "Tyler", "Wayne", "Zak", "Amy",
    "Chantelle", "Danielle", "Gemma", "Jade", "Kayleigh", "Kirsty", "Leanne", "Natalie", "Sophie", "Stacey",
]  # fmt: skip

LAST_NAMES = [
    "Ashdown", "Barlow", "Bexley", "Brennan", "Carver", "Colley", "Dawlish", "Denholm", "Fenwick", "Garside",
    "Greaves", "Hartley", "Haworth", "Kershaw", "Lowther", "Maddox", "Marsden", "Norcross", "Oakes", "Pennock",
    "Prowse", "Quarry", "Rowntree", "Scarfe", "Sowerby", "Thwaite", "Tillotson", "Underhill", "Varley", "Walmsley",
    "Wolstenholme", "Yardley",
]  # fmt: skip

STAFF_FIRST_NAMES = [
    "Abena", "Alison", "Amara", "Andrew", "Bethan", "Chloe", "Deborah", "Emeka", "Fatima", "Fiona", "Graham",
    "Hannah", "Imran", "Joanne", "Karen", "Leon", "Mairead", "Megan", "Nadia", "Oliver", "Rachel", "Rajesh",
    "Sarah", "Simon", "Tariq", "Yvonne",
]  # fmt: skip

STAFF_LAST_NAMES = [
    "Adeyemi", "Ahmed", "Bannister", "Chaudhry", "Coates", "Doherty", "Ellery", "Frost", "Gallagher", "Hussain",
    "Iqbal", "Jenkins", "Kowalski", "Lindqvist", "Mensah", "Nolan", "Okonjo", "Pritchard", "Quinlan", "Rahman",
    "Sinclair", "Thorne", "Vaughan", "Whitlock",
]  # fmt: skip

REGIONS = [
    "Wessex", "Mercia", "Northumbria", "Anglia", "Cambria", "Dumnonia", "Lindsey", "Deira", "Elmet",
    "Kent and the Weald", "Hwicce", "Londinium",
]  # fmt: skip

TOWNS = [
    "Avonford", "Kingsbridge", "Ashworth", "Brackenfield", "Castlemere", "Dunmore", "Elmstead", "Fairhaven",
    "Greystoke", "Hollowell", "Ironbridge Vale", "Jarrowby", "Kelderton", "Larkhill", "Millbrook", "Northam",
    "Oxley", "Pendlebury", "Queensholme", "Ravensworth", "Stanbury", "Thornbury", "Upperton", "Westerleigh",
]  # fmt: skip

# Prisons people are released from on licence or post-sentence supervision (invented, like the towns).
PRISONS = [
    "HMP Avonford", "HMP Kingsbridge Moor", "HMP Greystoke", "HMP Castlemere", "HMP Larkhill Grange", "HMP Northam",
    "HMP Ravensworth", "HMP Stanbury Fields", "HMYOI Thornbury", "HMP Westerleigh", "HMP & YOI Dunmore",
    "HMP Hollowell Park",
]  # fmt: skip

# Why a case ended, for the closure's change row (supervision/services/closure.py), by closure reason.
CLOSURE_REASONS = {
    "SENTENCE_ENDED": "The sentence has ended: supervision completed and the case closed.",
    "TRANSFERRED_OUT": "Moved to Scotland: supervision transferred to the local justice social work service.",
    "DIED": "Notified by his family; the death was confirmed by the police.",
    "RECALLED": "Recalled to custody for breaching the licence conditions: the recall decision was made.",
}

TEAM_SUFFIXES = ["North", "South", "East", "West", "Central", "Courts", "Resettlement", "Rural", "City", "Town"]

STREETS = [
    "Mill Lane", "Station Road", "Church Street", "Victoria Terrace", "Orchard Close", "Quarry Hill", "Albert Road",
    "Beech Grove", "Canal Side", "Foundry Walk", "Market Street", "Park View", "Rope Walk", "Tannery Row",
]  # fmt: skip

NOTES = {
    "APPOINTMENT": [
        "Reviewed progress against the sentence plan. Discussed employment and accommodation.",
        "Attended on time. Talked through the licence conditions again and how to ask for help.",
        "Discussed relationships and who he is spending time with. No concerns raised today.",
        "Went through the victim awareness work. Engaged well; next session booked.",
    ],
    "HOME_VISIT": [
        "Home visit to the approved address. Person present; the address is suitable. Nobody else present.",
        "Visited the address. Living conditions checked; no sign of anyone else living there.",
        "Unannounced visit; spoke at the door and then inside. No concerns about the address.",
    ],
    "MESSAGES": [
        "Phoned to confirm next week's appointment.",
        "Called about his housing benefit claim; gave him the number for the housing officer.",
        "Text reminder sent for the appointment.",
    ],
    "AGENCY": [
        "Police intelligence check: no new information.",
        "Spoke to the social worker about the family; they will share the next plan.",
        "Liaison about accommodation; a room may be available next month.",
    ],
    "KEY_INDIVIDUAL": [
        "Spoke with his mother, who says he is keeping to his curfew.",
        "Partner seen at the address; says things are settled at home.",
    ],
}

CASE_REQUIREMENT_REASONS = [
    "Risk has risen since a new relationship was disclosed: seen weekly at home until the next review.",
    "Recently released and struggling with accommodation: seen weekly in the office while it settles.",
]

ACUTE_RISK_DESCRIPTIONS = [
    "New relationship with a partner who is pregnant and known to children's social care.",
    "Lost his accommodation and is sofa-surfing with an associate of concern.",
    "Reported to have been drinking heavily again and seen near the exclusion zone.",
]
