# Multi-stage build: the SDK image compiles and publishes, the smaller
# ASP.NET runtime image runs the result.

# ---- build ------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Copy only what restore needs first, so the package layer stays cached
# until a project file or a package version changes.
COPY CampaignStudio.sln Directory.Build.props Directory.Packages.props ./
COPY CampaignStudio/CampaignStudio.csproj CampaignStudio/
COPY CampaignStudio.Tests/CampaignStudio.Tests.csproj CampaignStudio.Tests/
RUN dotnet restore CampaignStudio.sln

COPY . .
RUN dotnet publish CampaignStudio/CampaignStudio.csproj -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime ----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# App_Data holds the data-protection keys; it must be writable by the
# non-root user (a named volume mounted here inherits this ownership).
RUN mkdir -p /app/App_Data && chown app:app /app/App_Data

# The base image provides the unprivileged "app" user.
USER app

ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "CampaignStudio.dll"]
