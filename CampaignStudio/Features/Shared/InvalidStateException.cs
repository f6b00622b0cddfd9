namespace CampaignStudio.Features.Shared;

/// <summary>
/// The action does not fit the thing's current state (e.g. pausing a draft). The message says what state it is in
/// and what can be done instead; endpoints answer 409 with it.
/// </summary>
public sealed class InvalidStateException(string message) : DomainException(message);
