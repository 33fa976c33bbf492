<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>NewRequestDialog</name>
    <message numerus="yes">
        <source>Your account, your profile, your choices and every record linked to you are deleted, and every app signed in to it is signed out. Some usage statistics, IP addresses included, are kept, but no longer linked to you. You have %n day(s) to change your mind and cancel; after that nothing can be undone.</source>
        <translation>
            <numerusform>Your account, your profile, your choices and every record linked to you are deleted, and every app signed in to it is signed out. Some usage statistics, IP addresses included, are kept, but no longer linked to you. You have %n day to change your mind and cancel; after that nothing can be undone.</numerusform>
            <numerusform>Your account, your profile, your choices and every record linked to you are deleted, and every app signed in to it is signed out. Some usage statistics, IP addresses included, are kept, but no longer linked to you. You have %n days to change your mind and cancel; after that nothing can be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotificationPlurals</name>
    <message numerus="yes">
        <source>%1: the service must answer by %2, in %n day(s).</source>
        <translation>
            <numerusform>%1: the service must answer by %2, in %n day.</numerusform>
            <numerusform>%1: the service must answer by %2, in %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message numerus="yes">
        <source>%n change(s) not confirmed yet</source>
        <translation>
            <numerusform>%n change not confirmed yet</numerusform>
            <numerusform>%n changes not confirmed yet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deadline extended by %n month(s) to %1: %2</source>
        <translation>
            <numerusform>Deadline extended by %n month to %1: %2</numerusform>
            <numerusform>Deadline extended by %n months to %1: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Most collected in %1: %Ln record(s).</source>
        <translation>
            <numerusform>Most collected in %1: %Ln record.</numerusform>
            <numerusform>Most collected in %1: %Ln records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From %1 to %2: %Ln record(s) in all.</source>
        <translation>
            <numerusform>From %1 to %2: %Ln record in all.</numerusform>
            <numerusform>From %1 to %2: %Ln records in all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your sign-in is still kept on this computer. The next try is in %n second(s).</source>
        <translation>
            <numerusform>Your sign-in is still kept on this computer. The next try is in %n second.</numerusform>
            <numerusform>Your sign-in is still kept on this computer. The next try is in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
