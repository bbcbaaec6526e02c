"""Referral, escalation-queue and meeting pages: fetch through permissions, validate, call a service, redirect."""
