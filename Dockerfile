# The Azure Functions app as a container image: Microsoft's Functions isolated base image plus Debian's ffmpeg, which
# the clip, probe and stitch activities run. Build from the repository root:
#   docker build -t <registry>/musicvideo-functions:<tag> .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Functions/MusicVideo.Functions.csproj -c Release -o /home/site/wwwroot -nologo

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    MV_DATA_DIR=/tmp/musicvideo
COPY --from=build /home/site/wwwroot /home/site/wwwroot
