using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Preview;

/// <summary>
/// Renders a campaign's content per channel with a personalisation model, as a recipient would get it: Liquid
/// (HTML-encoded in HTML, plain in text), then the email's HTML sanitised and its text part generated when the
/// campaign has none. Used by the details page's preview and by test sends.
/// </summary>
public sealed class CampaignPreviewRenderer(LiquidRenderer liquid)
{
    public RenderedChannel Render(Channel channel, CampaignContent content, PersonalizationModel model)
    {
        try
        {
            return channel switch
            {
                Channel.Email => Email(content.Email ?? new EmailContent(), model),
                Channel.Sms => new RenderedChannel(channel) { Text = Text(content.Sms?.Text, model) },
                Channel.WhatsApp => WhatsApp(content.WhatsApp ?? new WhatsAppContent(), model),
                Channel.Push => Push(content.Push ?? new PushContent(), model),
                _ => new RenderedChannel(channel) { Error = $"Unknown channel {channel}." },
            };
        }
        catch (Exception e) when (e is LiquidTemplateException or LiquidRenderException)
        {
            return new RenderedChannel(channel) { Error = e.Message };
        }
    }

    private RenderedChannel Email(EmailContent email, PersonalizationModel model)
    {
        var html = email.HtmlBody is null ? null : EmailHtmlSanitizer.Sanitize(liquid.Render(email.HtmlBody, model, LiquidOutputMode.Html));
        var text = email.TextBody is not null ? Text(email.TextBody, model) : html is null ? null : PlainTextGenerator.FromHtml(html);
        return new RenderedChannel(Channel.Email)
        {
            Subject = Text(email.Subject, model),
            Preheader = Text(email.Preheader, model),
            Html = html,
            Text = text,
        };
    }

    private RenderedChannel WhatsApp(WhatsAppContent whatsApp, PersonalizationModel model) => whatsApp.Kind == WhatsAppMessageKind.Text
        ? new RenderedChannel(Channel.WhatsApp) { Text = Text(whatsApp.Text, model) }
        : new RenderedChannel(Channel.WhatsApp)
        {
            TemplateName = whatsApp.TemplateName,
            Language = whatsApp.Language,
            Variables = [.. whatsApp.Variables.Select(v => Text(v, model) ?? "")],
        };

    private RenderedChannel Push(PushContent push, PersonalizationModel model) => new(Channel.Push)
    {
        Subject = Text(push.Title, model),
        Text = Text(push.Body, model),
        ImageUrl = push.ImageUrl,
        DeepLink = push.DeepLink is null ? null : Text(push.DeepLink, model),
    };

    private string? Text(string? template, PersonalizationModel model) => template is null ? null : liquid.Render(template, model, LiquidOutputMode.Text);
}
