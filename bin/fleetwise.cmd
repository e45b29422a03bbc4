@echo off
rem Runs the built Fleetwise jar (build it first: mvn -B -pl app -am package -DskipTests).
rem No arguments open the window; "fleetwise --help" lists the commands.
setlocal
set "JAR=%~dp0..\app\target\fleetwise.jar"
if not exist "%JAR%" (
  echo fleetwise: %JAR% is not built yet. Run: mvn -B -pl app -am package -DskipTests 1>&2
  exit /b 1
)
if "%JAVA%"=="" set "JAVA=java"
"%JAVA%" %FLEETWISE_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
