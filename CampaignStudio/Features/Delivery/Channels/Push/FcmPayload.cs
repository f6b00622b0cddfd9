using System.Globalization;
using System.Text.Json.Nodes;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// The body of <c>messages:send</c> for one device token. The notification (title, body, image) shows on every platform;
/// the deep link travels in <c>data.link</c> for the app to open, and as <c>webpush.fcm_options.link</c> when it is an
/// https address (browsers open nothing else). iOS shows the image only with <c>mutable-content</c> and
/// <c>apns.fcm_options.image</c>; Android reads <c>notification.image</c> and needs nothing of its own.
/// </summary>
public static class FcmPayload
{
    public const string LinkKey = "link";

    public static JsonObject Build(PushMessage message, string token)
    {
        var notification = new JsonObject { ["title"] = message.Title, ["body"] = message.Body };
        if (!string.IsNullOrWhiteSpace(message.ImageUrl))
        {
            notification["image"] = message.ImageUrl;
        }

        var body = new JsonObject { ["token"] = token, ["notification"] = notification };

        var data = new JsonObject();
        foreach (var (key, value) in message.Data)
        {
            data[key] = value;
        }

        if (!string.IsNullOrWhiteSpace(message.DeepLink))
        {
            data[LinkKey] = message.DeepLink;
        }

        if (data.Count > 0)
        {
            body["data"] = data;
        }

        if (!string.IsNullOrWhiteSpace(message.ImageUrl))
        {
            body["apns"] = new JsonObject
            {
                ["payload"] = new JsonObject { ["aps"] = new JsonObject { ["mutable-content"] = 1 } },
                ["fcm_options"] = new JsonObject { ["image"] = message.ImageUrl },
            };
        }

        if (Uri.TryCreate(message.DeepLink, UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps)
        {
            body["webpush"] = new JsonObject { ["fcm_options"] = new JsonObject { ["link"] = message.DeepLink } };
        }

        if (message.CampaignId > 0)
        {
            // Groups the campaign's messages in FCM's delivery reports.
            body["fcm_options"] = new JsonObject { ["analytics_label"] = "campaign-" + message.CampaignId.ToString(CultureInfo.InvariantCulture) };
        }

        return new JsonObject { ["message"] = body };
    }
}
