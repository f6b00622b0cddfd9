using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Import;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;

namespace CampaignStudio.Features.Audience;

public static class AudienceFeature
{
    /// <summary>Contacts, events, custom fields, CSV import and the PII protection they rely on.</summary>
    public static WebApplicationBuilder AddAudienceFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AudienceOptions>().Bind(builder.Configuration.GetSection(AudienceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PiiOptions>().Bind(builder.Configuration.GetSection(PiiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PiiKeysLoader>(sp).Load());
        services.AddSingleton<PiiProtector>();
        services.AddSingleton<ContactNormalizer>();
        services.AddScoped<ContactService>();
        services.AddScoped<EventService>();
        services.AddScoped<ContactDirectory>();
        services.AddScoped<CustomFieldService>();
        services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection(ImportOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CsvImportService>();
        services.AddSingleton<ImportFileStore>();
        services.AddScoped<IDemoDataContributor, DemoContactsContributor>();
        return builder;
    }

    /// <summary>The CRM API: contacts and events.</summary>
    public static RouteGroupBuilder MapAudienceApi(this RouteGroupBuilder api)
    {
        api.MapPost("/contacts", async (List<ContactInput> contacts, ContactService service, Microsoft.Extensions.Options.IOptions<AudienceOptions> options, CancellationToken cancellationToken) =>
            {
                if (contacts.Count == 0 || contacts.Count > options.Value.MaxApiBatch)
                {
                    throw Shared.ValidationFailedException.For("items", $"Send between 1 and {options.Value.MaxApiBatch} contacts per request.");
                }

                return TypedResults.Ok(await service.UpsertAsync(contacts, allOrNothing: true, cancellationToken));
            })
            .WithName("UpsertContacts")
            .WithSummary("Creates or updates up to 1,000 contacts, matched by externalId, then email, then phone. All or nothing: any invalid item rejects the batch with a 400 naming the item and field.")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem();

        api.MapGet("/contacts/{id:long}", (long id, ContactService service, CancellationToken cancellationToken) => service.GetAsync(id, cancellationToken))
            .WithName("GetContact")
            .WithSummary("One contact with its tags, consents, custom fields and recent events.")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/events", async (List<EventInput> events, EventService service, Microsoft.Extensions.Options.IOptions<AudienceOptions> options, CancellationToken cancellationToken) =>
            {
                if (events.Count == 0 || events.Count > options.Value.MaxApiBatch)
                {
                    throw Shared.ValidationFailedException.For("items", $"Send between 1 and {options.Value.MaxApiBatch} events per request.");
                }

                return TypedResults.Ok(new RecordedEvents(await service.RecordAsync(events, cancellationToken)));
            })
            .WithName("RecordEvents")
            .WithSummary("Records up to 1,000 behaviour events (e.g. lifting with {\"mt\": 42.5}). All or nothing.")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem();
        return api;
    }
}

public sealed record RecordedEvents(int Recorded);
