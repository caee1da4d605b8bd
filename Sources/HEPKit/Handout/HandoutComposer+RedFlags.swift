extension HandoutComposer {
    /// The handout's warning signs in two levels: those of the plan's conditions (in the plan's
    /// order), then of its pain regions (in the plan's order), then the general ones from the
    /// wording. Each sign is shown once, at its first place; a sign that is in both levels stays
    /// under emergency.
    public func redFlags(for plan: Plan) -> RedFlagLevels {
        var levels = RedFlagLevels()
        for condition in plan.conditions {
            if let own = vocabulary.term(.conditions, condition.value)?.redFlags?.levels { levels = levels.merged(with: own) }
        }
        for pain in plan.pain {
            if let own = vocabulary.term(.regions, pain.region.value)?.redFlags?.levels { levels = levels.merged(with: own) }
        }
        let general = RedFlagLevels(emergency: wording.list("red-flags.emergency"), today: wording.list("red-flags.today"))
        return levels.merged(with: general)
    }
}
