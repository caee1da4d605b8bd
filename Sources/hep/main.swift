print("hep")
