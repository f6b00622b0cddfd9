namespace CampaignStudio.Features.Shared;

/// <summary>
/// A rule of the domain said no (a wrong state, a duplicate, a missing thing). The message is written for
/// the person who asked and is shown as is, next to the action, never as a stack trace.
/// </summary>
public class DomainException(string message) : Exception(message);
