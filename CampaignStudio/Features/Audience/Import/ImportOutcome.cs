namespace CampaignStudio.Features.Audience.Import;

public enum ImportOutcome
{
    /// <summary>Every row was read; each was created, updated or rejected.</summary>
    Completed = 1,

    /// <summary>Stopped on request; the batches committed before stay.</summary>
    Cancelled = 2,

    /// <summary>Stopped by an error; the batches committed before stay.</summary>
    Failed = 3,
}
