namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// No usable SMTP session could be opened (server down, TLS or authentication refused, timeout). Its message says what
/// went wrong in words an operator can act on; nothing was sent.
/// </summary>
public sealed class SmtpConnectionFailedException(string message, Exception? inner = null) : Exception(message, inner);
