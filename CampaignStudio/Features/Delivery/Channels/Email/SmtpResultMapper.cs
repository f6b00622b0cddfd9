using System.Globalization;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// What an SMTP failure means for one message: 4xx ⇒ transient; a 5xx refusal of the recipient as a mailbox that does
/// not exist (550, 551, 553, or an enhanced status 5.1.x) ⇒ invalid recipient; any other 5xx ⇒ permanent; a lost
/// connection, a timeout or a protocol error ⇒ transient (nothing was accepted), with the session closed.
/// </summary>
public static partial class SmtpResultMapper
{
    /// <summary>The result for a message whose sending threw <paramref name="failure"/>, and whether the session must be closed.</summary>
    public static (SendResult Result, bool ConnectionBroken) Map(long deliveryId, Exception failure, string endpoint)
    {
        switch (failure)
        {
            case SmtpCommandException command:
                return (ForCommand(deliveryId, command), (int)command.StatusCode == 421);
            case ServiceNotAuthenticatedException:
                return (SendResult.Transient(deliveryId, $"SMTP server {endpoint} requires authentication: set {SmtpOptions.SectionName}:UserName and Password."), false);
            case SmtpConnectionFailedException connect:
                return (SendResult.Transient(deliveryId, connect.Message), true);
            case SmtpProtocolException or IOException or ServiceNotConnectedException or TimeoutException or OperationCanceledException:
                var reason = failure.InnerException is System.Net.Sockets.SocketException socket ? socket.Message : failure.Message;
                return (SendResult.Transient(deliveryId, $"SMTP server {endpoint}: connection lost while sending: {reason}"), true);
            default:
                return (SendResult.Transient(deliveryId, $"SMTP server {endpoint}: sending failed: {failure.GetType().Name}: {failure.Message}"), true);
        }
    }

    private static SendResult ForCommand(long deliveryId, SmtpCommandException command)
    {
        var code = (int)command.StatusCode;
        var text = command.Message.ReplaceLineEndings(" ").Trim();
        var stage = command.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => "RCPT TO",
            SmtpErrorCode.SenderNotAccepted => "MAIL FROM",
            SmtpErrorCode.MessageNotAccepted => "DATA",
            _ => "SMTP",
        };
        var error = $"SMTP {code.ToString(CultureInfo.InvariantCulture)} {text} ({stage})";
        if (code is >= 400 and < 500)
        {
            return SendResult.Transient(deliveryId, error);
        }

        if (code == 530)
        {
            // "Authentication required": the channel's configuration, not the message, is at fault.
            return SendResult.Transient(deliveryId, error);
        }

        if (command.ErrorCode == SmtpErrorCode.RecipientNotAccepted && IsDeadMailbox(code, text))
        {
            return SendResult.InvalidRecipient(deliveryId, error);
        }

        return SendResult.Permanent(deliveryId, error);
    }

    /// <summary>An enhanced status code decides when there is one (5.1.x: bad address; 5.7.x: policy, not the mailbox).</summary>
    private static bool IsDeadMailbox(int code, string text)
    {
        var enhanced = EnhancedStatus().Match(text);
        return enhanced.Success ? enhanced.Groups[1].Value == "1" : code is 550 or 551 or 553;
    }

    [GeneratedRegex(@"^5\.(\d{1,3})\.\d{1,3}\b")]
    private static partial Regex EnhancedStatus();
}
