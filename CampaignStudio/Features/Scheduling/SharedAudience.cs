namespace CampaignStudio.Features.Scheduling;

/// <summary>Two campaigns of one day and how many contacts both would reach (or, once started, did reach).</summary>
public sealed record SharedAudience(int FirstId, string FirstName, int SecondId, string SecondName, int Contacts);
