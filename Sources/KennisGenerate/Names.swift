// Word lists for synthetic names. Combinations are random, so no generated person is a real one.
enum Names {
    static let first = [
        "Anna", "Bram", "Chen", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ivo", "Julia", "Karim", "Lotte",
        "Milan", "Noor", "Omar", "Pim", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wout", "Xin",
        "Yara", "Zoë", "Lucas", "Mila", "Sara", "Thijs", "Ines", "Jonas",
    ]
    static let last = [
        "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos",
        "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
        "van der Meer", "Kok", "Jacobs", "Haan", "Vermeulen", "Schouten", "Willems", "Hoekstra", "Koster",
    ]
    static let cities = [
        "Utrecht", "Amsterdam", "Rotterdam", "Leiden", "Groningen", "Nijmegen", "Maastricht", "Eindhoven",
        "Delft", "Wageningen", "Enschede", "Tilburg",
    ]
    static let topics = [
        "Imaging", "Molecular Medicine", "Healthy Living", "Methods", "Living Technologies", "Genomics",
        "Cardiology", "Oncology", "Prevention", "Radiotherapy", "Mental Health", "Primary Care",
        "Federated Learning", "Explainability", "Digital Phenotyping", "Pathology",
    ]
    static let projectWords = ["Towards", "Federated", "Explainable", "Robust", "Fair", "Scalable", "Trustworthy", "Early"]
    static let titles = ["Dr.", "Prof.", "Prof. Dr.", "Ir.", "MSc", "PhD candidate", "Drs."]
    static let roles = ["PhD candidate", "Postdoc", "Researcher", "Coordinator", "Director", "Data scientist", "Engineer"]
    static let projectRoles = ["PI", "Co-PI", "Researcher", "Data steward", "Advisor", "Developer"]
}
